package dev.ttrpc.client;

import dev.ttrpc.Metadata;
import java.time.Duration;

/**
 * Per-call settings: a deadline and metadata. Immutable; each {@code with} returns a copy.
 *
 * <p>A deadline bounds the whole call, from the moment the call is made: time queued behind other frames, the socket
 * write, the server's work (it receives the remaining time as {@code timeout_nano}) and the wait for the answer.
 */
public final class CallOptions {
  /** No deadline, no metadata. */
  public static final CallOptions DEFAULT = new CallOptions(0, false, Metadata.empty());

  private final long deadlineNanos;
  private final boolean hasDeadline;
  private final Metadata metadata;

  private CallOptions(long deadlineNanos, boolean hasDeadline, Metadata metadata) {
    this.deadlineNanos = deadlineNanos;
    this.hasDeadline = hasDeadline;
    this.metadata = metadata;
  }

  /** Options with a deadline {@code timeout} from now. */
  public static CallOptions timeout(Duration timeout) {
    return DEFAULT.withTimeout(timeout);
  }

  /** A copy whose deadline is {@code timeout} from now. */
  public CallOptions withTimeout(Duration timeout) {
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
    }
    return withDeadline(System.nanoTime() + saturatedNanos(timeout));
  }

  /** A copy with an absolute deadline on the {@link System#nanoTime()} clock. */
  public CallOptions withDeadline(long nanoTime) {
    return new CallOptions(nanoTime, true, metadata);
  }

  /** A copy without a deadline. */
  public CallOptions withoutDeadline() {
    return new CallOptions(0, false, metadata);
  }

  /** A copy with one more metadata pair. */
  public CallOptions withHeader(String key, String value) {
    return new CallOptions(deadlineNanos, hasDeadline, metadata.copy().add(key, value).frozen());
  }

  /** A copy whose metadata is {@code metadata} (copied). */
  public CallOptions withMetadata(Metadata metadata) {
    return new CallOptions(deadlineNanos, hasDeadline, metadata.frozen());
  }

  public boolean hasDeadline() {
    return hasDeadline;
  }

  /** The deadline on the {@link System#nanoTime()} clock; meaningful only if {@link #hasDeadline()}. */
  public long deadlineNanos() {
    return deadlineNanos;
  }

  /** Nanoseconds left before the deadline (negative once passed), or {@link Long#MAX_VALUE} without one. */
  public long remainingNanos() {
    return hasDeadline ? deadlineNanos - System.nanoTime() : Long.MAX_VALUE;
  }

  public Metadata metadata() {
    return metadata;
  }

  static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE / 2;
    }
  }

  @Override
  public String toString() {
    return "CallOptions{" + (hasDeadline ? "remaining=" + Duration.ofNanos(remainingNanos()) + ", " : "")
        + "metadata=" + metadata + '}';
  }
}
