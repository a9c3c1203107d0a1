package dev.ttrpc.fault;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits, with a bound, for a condition that other threads make true; fails the test naming what never happened. */
final class Poll {
  private static final long STEP_NANOS = Duration.ofMillis(5).toNanos();

  private Poll() {}

  /** Returns once {@code condition} holds; throws AssertionError after {@code atMost}. */
  static void until(String what, Duration atMost, BooleanSupplier condition) {
    long deadline = System.nanoTime() + atMost.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out after " + atMost + " waiting until " + what);
      }
      LockSupport.parkNanos(STEP_NANOS);
    }
  }

  /**
   * Samples {@code value} until it equals {@code target} (or {@code atMost} passes) and returns the last sample, so
   * the caller can assert on it and report it.
   */
  static <T> T settle(Duration atMost, Supplier<T> value, T target) {
    long deadline = System.nanoTime() + atMost.toNanos();
    T last = value.get();
    while (!last.equals(target) && System.nanoTime() - deadline < 0) {
      LockSupport.parkNanos(STEP_NANOS);
      last = value.get();
    }
    return last;
  }
}
