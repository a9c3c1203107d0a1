package dev.ttrpc.bench.soak;

import com.google.protobuf.ByteString;

/**
 * The bytes of a soak request, a pure function of (sequence number, message index, size): bytes 1..7 carry the
 * sequence number (big-endian, below 2^56), byte 0 is free for {@code Repeat}'s count, and the rest is a pattern
 * seeded by the sequence number and the message index. So a response can be checked without keeping its request,
 * and a response that belongs to another call names that call.
 */
final class SoakPayload {
  /** The largest sequence number the 7 bytes hold. */
  static final long MAX_SEQ = (1L << 56) - 1;
  static final int HEADER = 8;

  private SoakPayload() {}

  /** The request bytes of message {@code index} of call {@code seq}, with {@code first} as byte 0. */
  static byte[] build(long seq, int index, int size, int first) {
    if (seq < 0 || seq > MAX_SEQ || size < HEADER) {
      throw new IllegalArgumentException("seq " + seq + " or size " + size + " out of range");
    }
    byte[] b = new byte[size];
    long s = seq;
    for (int i = 7; i >= 1; i--) {
      b[i] = (byte) s;
      s >>>= 8;
    }
    b[0] = (byte) first;
    int seed = seed(seq, index);
    for (int i = HEADER; i < size; i++) {
      b[i] = (byte) (seed + i * 7);
    }
    return b;
  }

  /** Whether {@code got} is exactly what {@link #build} makes for these arguments. */
  static boolean matches(ByteString got, int offset, long seq, int index, int size, int first) {
    if (got.size() - offset < size || seqOf(got, offset) != seq || (got.byteAt(offset) & 0xff) != first) {
      return false;
    }
    int seed = seed(seq, index);
    for (int i = HEADER; i < size; i++) {
      if (got.byteAt(offset + i) != (byte) (seed + i * 7)) {
        return false;
      }
    }
    return true;
  }

  /** The sequence number a message carries, or -1 when it is too short to carry one. */
  static long seqOf(ByteString got, int offset) {
    if (got.size() - offset < HEADER) {
      return -1;
    }
    long s = 0;
    for (int i = 1; i <= 7; i++) {
      s = (s << 8) | (got.byteAt(offset + i) & 0xff);
    }
    return s;
  }

  private static int seed(long seq, int index) {
    return (int) ((seq * 0x2545F4914F6CDD1DL) >>> 40) + index * 131;
  }
}
