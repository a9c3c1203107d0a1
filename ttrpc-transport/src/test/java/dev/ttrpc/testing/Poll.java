package dev.ttrpc.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition by polling it, with a bound: a test never sleeps a fixed time and never hangs. */
public final class Poll {
  private Poll() {}

  /** Polls every few milliseconds until {@code condition} holds; fails with {@code what} after {@code bound}. */
  public static void until(Duration bound, BooleanSupplier condition, Supplier<String> what) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("not reached within " + bound + ": " + what.get());
      }
      java.util.concurrent.locks.LockSupport.parkNanos(2_000_000L);
    }
  }
}
