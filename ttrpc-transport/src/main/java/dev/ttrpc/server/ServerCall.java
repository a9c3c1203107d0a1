package dev.ttrpc.server;

import com.google.protobuf.MessageLite;
import dev.ttrpc.Code;
import dev.ttrpc.Metadata;
import dev.ttrpc.MethodDescriptor;
import dev.ttrpc.Status;
import dev.ttrpc.TtrpcException;
import dev.ttrpc.codec.Frames;
import dev.ttrpc.transport.OutboundFrame;
import dev.ttrpc.transport.PeerCredentials;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A call being served: it runs its handler on the server's executor and sends exactly one last frame, whichever of
 * the handler, the deadline or a protocol error gets there first.
 */
abstract class ServerCall<Q extends MessageLite, R extends MessageLite> implements ServerContext, Runnable {
  private static final Status FINISHED = Status.of(Code.CANCELLED, "call finished");

  final ServerConnection connection;
  final ServiceDefinition.Method<Q, R> method;
  final int streamId;
  /** What this call holds of the connection's memory budget; set by the connection before it starts. */
  long requestBytes;
  private final Metadata metadata;
  private final boolean hasDeadline;
  private final long deadlineNanos;
  private final AtomicBoolean finished = new AtomicBoolean();
  private volatile Status cancelledWith;
  private List<Runnable> cancelActions;
  private ScheduledFuture<?> timer;

  ServerCall(ServerConnection connection, ServiceDefinition.Method<Q, R> method, int streamId, Metadata metadata,
      long timeoutNanos) {
    this.connection = connection;
    this.method = method;
    this.streamId = streamId;
    this.metadata = metadata;
    // Any timeout counts, as in Go: a negative one (the caller's deadline passed on the way) is already expired.
    this.hasDeadline = timeoutNanos != 0;
    // Clamped so that no timeout, however extreme, overflows the clock: negative means already expired.
    long clamped = timeoutNanos < 0 ? -1 : Math.min(timeoutNanos, Long.MAX_VALUE / 4);
    this.deadlineNanos = hasDeadline ? System.nanoTime() + clamped : 0;
  }

  /** Arms the deadline and hands the handler to the executor. */
  final void start() {
    ServerConfig config = connection.config();
    if (hasDeadline) {
      if (deadlineNanos - System.nanoTime() <= 0) {
        expire();
        return;
      }
      timer = config.timer().schedule(this::expire, deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }
    try {
      if (config.directUnary() && this instanceof UnaryServerCall) {
        run();
        return;
      }
      config.executor().execute(this);
    } catch (RejectedExecutionException e) {
      finishWithError(Status.of(Code.RESOURCE_EXHAUSTED, "server cannot take more calls: " + e.getMessage()));
    }
  }

  /**
   * Sends the call's last frame unless one was already sent.
   *
   * @return whether this frame was the one sent
   */
  final boolean finish(OutboundFrame last) {
    return finish(last, FINISHED);
  }

  /** Sends the last frame, then cancels the handler's context with {@code why}. */
  final boolean finish(OutboundFrame last, Status why) {
    if (!finished.compareAndSet(false, true)) {
      return false;
    }
    ScheduledFuture<?> t = timer;
    if (t != null) {
      t.cancel(false);
    }
    connection.send(last);
    connection.callFinished(streamId);
    // As in Go, a call's context ends with the call: cleanup registered with onCancel always runs.
    cancel(why);
    return true;
  }

  /** The peer broke the protocol on this call's stream: it ends with {@code status}, once, and is cancelled. */
  final boolean failFromPeer(Status status) {
    return finish(ResponseFrame.error(streamId, status), status);
  }

  /** Answers with {@code response}, or RESOURCE_EXHAUSTED when it is too large for the peer to accept. */
  final void finishWithResponse(MessageLite response) {
    ResponseFrame frame = ResponseFrame.success(streamId, response);
    int max = connection.config().maxMessageSize();
    finish(frame.length() <= max ? frame
        : ResponseFrame.error(streamId, Status.of(Code.RESOURCE_EXHAUSTED, Frames.tooLarge(frame.length(), max))));
  }

  final boolean finishWithError(Status status) {
    return finish(ResponseFrame.error(streamId, status));
  }

  final boolean isFinished() {
    return finished.get();
  }

  /** The deadline passed: the caller hears DEADLINE_EXCEEDED now and the handler is cancelled. */
  private void expire() {
    Status status = Status.of(Code.DEADLINE_EXCEEDED, "context deadline exceeded (" + method.descriptor().fullName()
        + ")");
    finish(ResponseFrame.error(streamId, status), status);
  }

  /** The connection is gone: nothing can be sent any more. */
  final void connectionLost() {
    ScheduledFuture<?> t = timer;
    if (t != null) {
      t.cancel(false);
    }
    // Cancelled before finished, so that a handler never sees its stream ended without the reason.
    cancel(Status.of(Code.CANCELLED, "caller disconnected"));
    finished.set(true);
  }

  final void cancel(Status why) {
    List<Runnable> actions;
    synchronized (this) {
      if (cancelledWith != null) {
        return;
      }
      cancelledWith = why;
      actions = cancelActions;
      cancelActions = null;
    }
    onCancelled(why);
    if (actions != null) {
      actions.forEach(ServerCall::runQuietly);
    }
  }

  /** A hook for streams to wake a blocked receiver. */
  void onCancelled(Status why) {}

  final Status cancelledWith() {
    return cancelledWith;
  }

  static Status statusOf(Throwable t) {
    if (t instanceof TtrpcException e) {
      return e.status();
    }
    String message = t.getMessage();
    return Status.of(Code.UNKNOWN, message != null ? message : t.getClass().getName());
  }

  private static void runQuietly(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      ServerConnection.LOG.warn("cancel action failed", e);
    }
  }

  @Override
  public MethodDescriptor<?, ?> method() {
    return method.descriptor();
  }

  @Override
  public Metadata metadata() {
    return metadata;
  }

  @Override
  public PeerCredentials peer() {
    return connection.peer();
  }

  @Override
  public boolean hasDeadline() {
    return hasDeadline;
  }

  @Override
  public long deadlineNanos() {
    return deadlineNanos;
  }

  @Override
  public boolean isCancelled() {
    return cancelledWith != null;
  }

  @Override
  public void onCancel(Runnable action) {
    synchronized (this) {
      if (cancelledWith == null) {
        if (cancelActions == null) {
          cancelActions = new ArrayList<>(2);
        }
        cancelActions.add(action);
        return;
      }
    }
    runQuietly(action);
  }
}
