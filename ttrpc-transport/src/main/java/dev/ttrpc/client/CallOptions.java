package dev.ttrpc.client;

import dev.ttrpc.Metadata;
import java.time.Duration;

/**
 * Per-call settings: a deadline and metadata. Immutable; each {@code with} returns a copy.
 *
 * <p>A deadline is either absolute ({@link #withDeadline}) or a timeout ({@link #withTimeout}) that starts when
 * each call starts, so options with a timeout can be kept and reused. It bounds the whole call: time queued behind
 * other frames, the socket write, the server's work (it receives the remaining time as {@code timeout_nano}) and
 * the wait for the answer.
 */
public final class CallOptions {
  private static final long NONE = -1;

  /** No deadline, no metadata. */
  public static final CallOptions DEFAULT = new CallOptions(0, false, NONE, Metadata.empty());

  private final long deadlineNanos;
  private final boolean hasDeadline;
  private final long timeoutNanos;
  private final Metadata metadata;

  private CallOptions(long deadlineNanos, boolean hasDeadline, long timeoutNanos, Metadata metadata) {
    this.deadlineNanos = deadlineNanos;
    this.hasDeadline = hasDeadline;
    this.timeoutNanos = timeoutNanos;
    this.metadata = metadata;
  }

  /** Options whose calls each get {@code timeout} from when they start. */
  public static CallOptions timeout(Duration timeout) {
    return DEFAULT.withTimeout(timeout);
  }

  /** A copy whose calls each get {@code timeout} from when they start. */
  public CallOptions withTimeout(Duration timeout) {
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
    }
    return new CallOptions(0, false, saturatedNanos(timeout), metadata);
  }

  /** A copy with an absolute deadline on the {@link System#nanoTime()} clock. */
  public CallOptions withDeadline(long nanoTime) {
    return new CallOptions(nanoTime, true, NONE, metadata);
  }

  /** A copy without a deadline. */
  public CallOptions withoutDeadline() {
    return new CallOptions(0, false, NONE, metadata);
  }

  /** A copy with one more metadata pair. */
  public CallOptions withHeader(String key, String value) {
    return new CallOptions(deadlineNanos, hasDeadline, timeoutNanos, metadata.copy().add(key, value).frozen());
  }

  /** A copy whose metadata is {@code metadata} (copied). */
  public CallOptions withMetadata(Metadata metadata) {
    return new CallOptions(deadlineNanos, hasDeadline, timeoutNanos, metadata.frozen());
  }

  /**
   * These options with {@code other} laid over them: {@code other}'s deadline if it has one, and both sets of
   * metadata, ours first.
   */
  public CallOptions merge(CallOptions other) {
    boolean otherTimes = other.hasDeadline || other.timeoutNanos != NONE;
    return new CallOptions(otherTimes ? other.deadlineNanos : deadlineNanos,
        otherTimes ? other.hasDeadline : hasDeadline, otherTimes ? other.timeoutNanos : timeoutNanos,
        metadata.merge(other.metadata).frozen());
  }

  /** These options with a timeout turned into a deadline from now; called as a call starts. */
  public CallOptions resolve() {
    return timeoutNanos == NONE ? this : new CallOptions(System.nanoTime() + timeoutNanos, true, NONE, metadata);
  }

  /** Whether calls made with these options have a deadline. */
  public boolean hasDeadline() {
    return hasDeadline || timeoutNanos != NONE;
  }

  /** The absolute deadline on the {@link System#nanoTime()} clock, once {@link #resolve() resolved}. */
  public long deadlineNanos() {
    return hasDeadline ? deadlineNanos : System.nanoTime() + timeoutNanos;
  }

  /** Nanoseconds left before the deadline (negative once passed), or {@link Long#MAX_VALUE} without one. */
  public long remainingNanos() {
    if (hasDeadline) {
      return deadlineNanos - System.nanoTime();
    }
    return timeoutNanos == NONE ? Long.MAX_VALUE : timeoutNanos;
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
    String time = hasDeadline ? "remaining=" + Duration.ofNanos(remainingNanos()) + ", "
        : timeoutNanos != NONE ? "timeout=" + Duration.ofNanos(timeoutNanos) + ", " : "";
    return "CallOptions{" + time + "metadata=" + metadata + '}';
  }
}
