package dev.ttrpc.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition that other threads make true by polling it, with a bound: a test never sleeps a fixed time
 * and never hangs, and a failure names what never happened.
 */
public final class Poll {
  private static final Duration DEFAULT_BOUND = Duration.ofSeconds(30);
  private static final long STEP_NANOS = Duration.ofMillis(2).toNanos();

  private Poll() {}

  /** Returns once {@code condition} holds; fails naming {@code what} if it does not within 30 seconds. */
  public static void until(String what, BooleanSupplier condition) {
    until(what, DEFAULT_BOUND, condition);
  }

  /** Returns once {@code condition} holds; fails naming {@code what} if it does not within {@code atMost}. */
  public static void until(String what, Duration atMost, BooleanSupplier condition) {
    until(atMost, condition, () -> what);
  }

  /** As {@link #until(String, Duration, BooleanSupplier)}, describing the failure only when it happens. */
  public static void until(Duration atMost, BooleanSupplier condition, Supplier<String> what) {
    long deadline = System.nanoTime() + atMost.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("not reached within " + atMost + ": " + what.get());
      }
      LockSupport.parkNanos(STEP_NANOS);
    }
  }

  /**
   * Samples {@code value} until it equals {@code target} (or {@code atMost} passes) and returns the last sample, so
   * the caller can assert on it and report it.
   */
  public static <T> T settle(Duration atMost, Supplier<T> value, T target) {
    long deadline = System.nanoTime() + atMost.toNanos();
    T last = value.get();
    while (!last.equals(target) && System.nanoTime() - deadline < 0) {
      LockSupport.parkNanos(STEP_NANOS);
      last = value.get();
    }
    return last;
  }
}
