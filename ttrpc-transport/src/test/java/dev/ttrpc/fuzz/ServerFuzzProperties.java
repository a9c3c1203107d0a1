package dev.ttrpc.fuzz;

import dev.ttrpc.golden.GoldenFrames.Dir;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * Mutation fuzzing of the server's frame reading over a real socket: the client frames of the golden recordings,
 * broken at random ({@link Mutator}), each case on a fresh connection, every case held to {@link FuzzedServer}'s
 * checks.
 */
class ServerFuzzProperties {
  private FuzzedServer server;

  @BeforeProperty
  void start() throws Exception {
    server = new FuzzedServer();
  }

  @AfterProperty
  void stop() {
    server.close();
  }

  @Property(tries = 500)
  void mutatedGoldenClientStreamsNeverBreakTheServer(@ForAll long seed,
      @ForAll @IntRange(min = 0, max = 6) int mutations) throws Exception {
    server.run(new Mutator(seed, FuzzedServer.MAX).mutatedGolden(Dir.CLIENT_TO_SERVER, mutations));
  }

  @Property(tries = 100)
  void randomBytesNeverBreakTheServer(@ForAll byte[] bytes) throws Exception {
    server.run(bytes);
  }
}
