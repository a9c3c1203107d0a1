package dev.ttrpc.bench;

import java.util.Arrays;

/**
 * Per-call latencies in one preallocated array: slot {@code i} belongs to the run's {@code i}-th call, so caller
 * threads record without locks, boxing or allocation. Percentiles are nearest-rank, like the Go bench client's.
 */
public final class LatencyRecorder {
  private final long[] nanos;
  private boolean sorted;

  /** Room for {@code calls} latencies. */
  public LatencyRecorder(int calls) {
    nanos = new long[calls];
  }

  /** Records the latency of call {@code index} (0-based within the run). Each slot is written once. */
  public void record(int index, long latencyNanos) {
    nanos[index] = latencyNanos;
  }

  public int capacity() {
    return nanos.length;
  }

  /**
   * The nearest-rank percentile {@code p} (0 &lt; p &lt;= 1) in microseconds, rounded to 0.1. Call once every call
   * is recorded: the first call sorts the array in place.
   */
  public double percentileMicros(double p) {
    if (nanos.length == 0) {
      return 0;
    }
    if (!sorted) {
      Arrays.sort(nanos);
      sorted = true;
    }
    int i = Math.max(0, (int) Math.ceil(p * nanos.length) - 1);
    return Math.round(nanos[i] / 100.0) / 10.0;
  }
}
