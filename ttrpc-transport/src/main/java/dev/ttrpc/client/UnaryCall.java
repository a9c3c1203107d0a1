package dev.ttrpc.client;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import dev.ttrpc.Code;
import dev.ttrpc.Metadata;
import dev.ttrpc.MethodDescriptor;
import dev.ttrpc.Status;
import dev.ttrpc.codec.Messages;
import dev.ttrpc.codec.ResponseEnvelope;
import java.util.concurrent.CompletableFuture;

/**
 * One unary call: it is its own Request frame (queued without a wrapper) and completes its future from the
 * Response, the deadline timer, a cancellation or the connection's end, whichever comes first.
 */
final class UnaryCall<Q extends MessageLite, R extends MessageLite> extends RequestFrame<Q, R> {
  private final Future<R> future = new Future<>(this);
  /** For {@link TtrpcClient#oldestUnaryCallAge()}: one clock read per call, nothing per frame. */
  private final long startedNanos = System.nanoTime();
  /** The connection already stopped routing this stream (its Response arrived): nothing to forget on release. */
  private boolean forgotten;

  UnaryCall(ClientConnection connection, MethodDescriptor<Q, R> method, Q request, CallOptions options,
      Metadata metadata) {
    super(connection, method, request, options, metadata);
  }

  long startedNanos() {
    return startedNanos;
  }

  CompletableFuture<R> start() {
    send();
    return future;
  }

  @Override
  boolean isFinished() {
    return future.isDone();
  }

  @Override
  protected int flags() {
    return 0;
  }

  @Override
  public void onResponse(byte[] buf, int offset, int length, boolean owned) {
    forgotten = true;
    ResponseEnvelope env = ResponseEnvelope.decode(buf, offset, length);
    if (!env.status().isOk()) {
      finish(null, env.status());
      return;
    }
    try {
      finish(Messages.parse(method.responseParser(), buf, env.payloadOffset(), env.payloadLength(), owned), null);
    } catch (InvalidProtocolBufferException e) {
      finish(null, Status.of(Code.INTERNAL, "response of " + method.fullName() + " does not parse: "
          + e.getMessage()));
    }
  }

  @Override
  public boolean onData(int flags, byte[] buf, int offset, int length, boolean owned) {
    finish(null, Status.of(Code.INTERNAL, "server sent a data frame on unary call " + method.fullName()));
    return true;
  }

  @Override
  public void fail(Status status) {
    finish(null, status);
  }

  private void finish(R response, Status failure) {
    boolean won = failure == null ? future.complete(response) : future.completeExceptionally(failure.asException());
    if (won) {
      released();
    }
  }

  private void released() {
    cancelDeadline();
    connection.release(forgotten ? 0 : streamId());
  }

  /** The caller's handle; cancelling it abandons the call. */
  private static final class Future<R> extends CompletableFuture<R> {
    private final UnaryCall<?, ?> call;

    Future(UnaryCall<?, ?> call) {
      this.call = call;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean cancelled = completeExceptionally(
          Status.of(Code.CANCELLED, "call cancelled (" + call.method.fullName() + ")").asException());
      if (cancelled) {
        call.released();
      }
      return cancelled;
    }
  }
}
