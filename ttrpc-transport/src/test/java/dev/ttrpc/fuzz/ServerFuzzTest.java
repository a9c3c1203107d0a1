package dev.ttrpc.fuzz;

import dev.ttrpc.golden.GoldenFrames.Dir;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Mutation fuzzing of the server's frame reading over a real socket: the client frames of the golden recordings,
 * broken at random ({@link Mutator}), each case on a fresh connection, every case held to {@link FuzzedServer}'s
 * checks.
 */
class ServerFuzzTest {
  @AutoClose
  private final FuzzedServer server = FuzzedServer.started();

  static final int MUTATED_TRIES = 500;
  static final int RANDOM_TRIES = 100;
  /** The most random bytes a case sends (jqwik's default array size, which this suite used before). */
  static final int RANDOM_MAX_SIZE = 255;

  @Test
  void mutatedGoldenClientStreamsNeverBreakTheServer() {
    SeededFuzz.run(getClass(), "mutatedGoldenClientStreamsNeverBreakTheServer", MUTATED_TRIES, c -> {
      Mutator mutator = new Mutator(c.random().nextLong(), FuzzedServer.MAX);
      int mutations = c.random().nextInt(7);
      c.note(mutations + " mutations");
      server.run(c.input(mutator.mutatedGolden(Dir.CLIENT_TO_SERVER, mutations)));
    });
  }

  @Test
  void randomBytesNeverBreakTheServer() {
    SeededFuzz.run(getClass(), "randomBytesNeverBreakTheServer", RANDOM_TRIES,
        c -> server.run(c.input(Draws.bytes(c.random(), RANDOM_MAX_SIZE))));
  }
}
