package dev.ttrpc.fault;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** The heap this JVM uses after a full collection: what is live, not what garbage happens to be lying around. */
final class UsedHeap {
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private UsedHeap() {}

  static long afterGc() {
    // Two rounds: the first may only queue finalizable/cleanable objects that the second then frees.
    System.gc();
    System.gc();
    return MEMORY.getHeapMemoryUsage().getUsed();
  }

  static String mib(long bytes) {
    return String.format("%.1f MiB", bytes / (1024.0 * 1024.0));
  }
}
