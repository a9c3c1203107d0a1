package dev.ttrpc.demo;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls a value until it satisfies a condition, for a bounded time, instead of sleeping a guessed amount. */
public final class Poll {
  private static final Duration INTERVAL = Duration.ofMillis(20);

  private Poll() {
  }

  /**
   * Reads {@code probe} until {@code done} accepts its value.
   *
   * @return the accepted value
   * @throws AssertionError naming {@code what} and the last value when {@code bound} passes first
   */
  public static <T> T until(String what, Duration bound, Supplier<T> probe, Predicate<? super T> done) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (true) {
      T value = probe.get();
      if (done.test(value)) {
        return value;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(what + " not reached within " + bound + "; last value: " + value);
      }
      LockSupport.parkNanos(INTERVAL.toNanos());
    }
  }
}
