package dev.ttrpc.bench.soak;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Latencies in microseconds in log-linear buckets (32 per power of two, so a percentile is within ~3% of the
 * truth), lock-free for many recording threads; the maximum is exact. A soak records millions of calls a minute,
 * too many to keep one by one.
 */
final class LatencyHistogram {
  private static final int SUB_BITS = 5;
  private static final int SUB = 1 << SUB_BITS;
  /** Enough for any non-negative long: the highest bit is 62, so the last shift is 62 - SUB_BITS. */
  private static final int BUCKETS = (64 - SUB_BITS) * SUB;

  private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
  private final AtomicLong max = new AtomicLong();

  void record(long nanos) {
    long micros = Math.max(0, nanos / 1000);
    counts.incrementAndGet(bucketOf(micros));
    max.accumulateAndGet(micros, Math::max);
  }

  long maxMicros() {
    return max.get();
  }

  /** The upper bound of the bucket holding the {@code q}-quantile (nearest rank); 0 when nothing was recorded. */
  long percentileMicros(double q) {
    long total = 0;
    for (int i = 0; i < BUCKETS; i++) {
      total += counts.get(i);
    }
    if (total == 0) {
      return 0;
    }
    long rank = Math.max(1, (long) Math.ceil(q * total));
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += counts.get(i);
      if (seen >= rank) {
        return Math.min(upperBoundOf(i), max.get());
      }
    }
    return max.get();
  }

  static int bucketOf(long micros) {
    if (micros < SUB) {
      return (int) micros;
    }
    // micros >>> shift lands in [SUB, 2 * SUB): its low SUB_BITS bits pick the bucket within the power of two.
    int shift = 63 - Long.numberOfLeadingZeros(micros) - SUB_BITS;
    return (shift + 1) * SUB + (int) ((micros >>> shift) - SUB);
  }

  static long upperBoundOf(int bucket) {
    if (bucket < SUB) {
      return bucket;
    }
    int shift = bucket / SUB - 1;
    long mantissa = bucket % SUB + SUB;
    return ((mantissa + 1) << shift) - 1;
  }
}
