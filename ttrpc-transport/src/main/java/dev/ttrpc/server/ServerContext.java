package dev.ttrpc.server;

import dev.ttrpc.Metadata;
import dev.ttrpc.MethodDescriptor;
import dev.ttrpc.transport.PeerCredentials;

/**
 * What a handler knows of its call: method, metadata, peer, and the deadline the caller sent. When the deadline
 * passes or the caller goes away the call is cancelled: the caller has already been answered, and the handler should
 * stop (check {@link #isCancelled()} or register {@link #onCancel}).
 */
public interface ServerContext {
  MethodDescriptor<?, ?> method();

  /** The metadata the caller sent (keys lower-cased). */
  Metadata metadata();

  /** Who called. */
  PeerCredentials peer();

  /** Whether the caller set a deadline. */
  boolean hasDeadline();

  /** The deadline on the {@link System#nanoTime()} clock; meaningful only if {@link #hasDeadline()}. */
  long deadlineNanos();

  /** Nanoseconds left (negative once passed), or {@link Long#MAX_VALUE} without a deadline. */
  default long remainingNanos() {
    return hasDeadline() ? deadlineNanos() - System.nanoTime() : Long.MAX_VALUE;
  }

  /** True once the deadline passed, the caller disconnected or the server closed. */
  boolean isCancelled();

  /** Runs {@code action} when the call is cancelled (at once if it already is). */
  void onCancel(Runnable action);
}
