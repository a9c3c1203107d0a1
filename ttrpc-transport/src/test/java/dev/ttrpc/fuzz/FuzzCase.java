package dev.ttrpc.fuzz;

import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * One fuzz case: the seed it is drawn from, the random source its inputs come from (the same seed draws the same
 * inputs), and the input bytes the case declares, which a failure report prints.
 */
final class FuzzCase {
  /** Hex past this many bytes is cut: a report names the seed for the rest. */
  static final int SHOWN_BYTES = 128;

  private final long seed;
  private final SplittableRandom random;
  private byte[] input;
  private String note;

  FuzzCase(long seed) {
    this.seed = seed;
    this.random = new SplittableRandom(seed);
  }

  long seed() {
    return seed;
  }

  SplittableRandom random() {
    return random;
  }

  /** Declares the bytes this case feeds to the code under test, for the failure report. */
  byte[] input(byte[] bytes) {
    this.input = bytes;
    return bytes;
  }

  /** Declares a word on how the input was drawn (its generator, an offset), for the failure report. */
  void note(String text) {
    this.note = text;
  }

  /** The declared input as hex, cut at {@link #SHOWN_BYTES}, with the note if any. */
  String describeInput() {
    StringBuilder sb = new StringBuilder();
    if (note != null) {
      sb.append(note).append("; ");
    }
    if (input == null) {
      return sb.append("no input bytes declared").toString();
    }
    sb.append("input (").append(input.length).append(" bytes): ")
        .append(HexFormat.of().formatHex(input, 0, Math.min(input.length, SHOWN_BYTES)));
    if (input.length > SHOWN_BYTES) {
      sb.append("... (").append(input.length - SHOWN_BYTES).append(" more)");
    }
    return sb.toString();
  }
}
