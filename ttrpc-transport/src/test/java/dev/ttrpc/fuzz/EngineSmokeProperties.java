package dev.ttrpc.fuzz;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class EngineSmokeProperties {
  @Property(tries = 10)
  boolean runs(@ForAll int x) {
    return x == x;
  }
}
