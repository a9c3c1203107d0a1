package dev.ttrpc.bench.soak;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One bit per sequence number: set when the call's answer arrived. Setting a bit twice means a call was answered
 * twice; a response carrying an already answered sequence number in another call is a duplicate too.
 */
final class AnswerLedger {
  private final AtomicLongArray bits;

  /** A ledger of sequence numbers {@code [0, capacity)}. */
  AnswerLedger(long capacity) {
    if (capacity < 1 || capacity > (1L << 36)) {
      throw new IllegalArgumentException("ledger capacity must be within [1, 2^36], got " + capacity);
    }
    bits = new AtomicLongArray((int) ((capacity + 63) / 64));
  }

  long capacity() {
    return bits.length() * 64L;
  }

  /**
   * Marks {@code seq} answered; false when it already was.
   *
   * @throws IllegalStateException when {@code seq} is beyond the capacity (the run made more calls than planned)
   */
  boolean markAnswered(long seq) {
    if (seq < 0 || seq >= capacity()) {
      throw new IllegalStateException("sequence number " + seq + " is beyond the answer ledger's capacity of "
          + capacity() + " calls");
    }
    int word = (int) (seq >>> 6);
    long mask = 1L << (seq & 63);
    long old = bits.getAndAccumulate(word, mask, (a, b) -> a | b);
    return (old & mask) == 0;
  }

  /** Whether {@code seq} is within the ledger and was answered. */
  boolean isAnswered(long seq) {
    return seq >= 0 && seq < capacity() && (bits.get((int) (seq >>> 6)) & (1L << (seq & 63))) != 0;
  }

  /** How many sequence numbers are marked. */
  long answered() {
    long n = 0;
    for (int i = 0; i < bits.length(); i++) {
      n += Long.bitCount(bits.get(i));
    }
    return n;
  }
}
