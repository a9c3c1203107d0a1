package dev.ttrpc.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter between re-dials: the delay grows by {@code multiplier} from {@code initial} up to
 * {@code max}, and each delay is spread by +/- {@code jitter} so that many clients of one restarted peer do not
 * re-dial in lockstep.
 */
public record Backoff(Duration initial, Duration max, double multiplier, double jitter) {
  /** 100 ms, growing 1.6 times per failure up to 10 s, +/- 20 %. */
  public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), 1.6, 0.2);

  public Backoff {
    if (initial.isNegative() || initial.isZero()) {
      throw new IllegalArgumentException("initial backoff must be positive, got " + initial);
    }
    if (max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("max backoff " + max + " is shorter than initial backoff " + initial);
    }
    if (multiplier < 1) {
      throw new IllegalArgumentException("backoff multiplier must be >= 1, got " + multiplier);
    }
    if (jitter < 0 || jitter > 1) {
      throw new IllegalArgumentException("backoff jitter must be within [0, 1], got " + jitter);
    }
  }

  /** The delay before re-dial number {@code attempt} (0 for the first). */
  public Duration delay(int attempt) {
    double base = initial.toNanos() * Math.pow(multiplier, Math.min(attempt, 64));
    double capped = Math.min(base, max.toNanos());
    double spread = 1 + jitter * (2 * ThreadLocalRandom.current().nextDouble() - 1);
    return Duration.ofNanos((long) Math.max(1, capped * spread));
  }
}
