package dev.ttrpc.fuzz;

import java.util.SplittableRandom;
import java.util.function.Function;

/** Drawing common fuzz inputs from a case's random source. */
final class Draws {
  private Draws() {}

  /**
   * Random bytes of 0 to {@code maxSize} bytes, one time in four at most 8 long, so that empty and tiny inputs come
   * up often, not once in {@code maxSize} cases.
   */
  static byte[] bytes(SplittableRandom random, int maxSize) {
    int size = random.nextInt(4) == 0 ? random.nextInt(Math.min(maxSize, 8) + 1) : random.nextInt(maxSize + 1);
    byte[] b = new byte[size];
    random.nextBytes(b);
    return b;
  }

  /** One weighted choice among generators, each given its own seed; returns the generator's name and output. */
  @SafeVarargs
  static <T> Drawn<T> weighted(SplittableRandom random, Choice<T>... choices) {
    int total = 0;
    for (Choice<T> c : choices) {
      total += c.weight();
    }
    int pick = random.nextInt(total);
    for (Choice<T> c : choices) {
      pick -= c.weight();
      if (pick < 0) {
        return new Drawn<>(c.name(), c.generator().apply(random));
      }
    }
    throw new IllegalStateException("weights " + total + " left no choice");
  }

  /** A generator with its weight among others and a name for failure reports. */
  record Choice<T>(int weight, String name, Function<SplittableRandom, T> generator) {
    Choice {
      if (weight < 1) {
        throw new IllegalArgumentException("weight of choice '" + name + "' must be at least 1, was " + weight);
      }
    }
  }

  /** What a weighted draw produced, and which generator produced it. */
  record Drawn<T>(String name, T value) {}
}
