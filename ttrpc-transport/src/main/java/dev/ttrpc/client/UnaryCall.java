package dev.ttrpc.client;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import dev.ttrpc.Code;
import dev.ttrpc.Metadata;
import dev.ttrpc.MethodDescriptor;
import dev.ttrpc.Status;
import dev.ttrpc.TtrpcException;
import dev.ttrpc.codec.Envelopes;
import dev.ttrpc.codec.Frames;
import dev.ttrpc.codec.Messages;
import dev.ttrpc.codec.ResponseEnvelope;
import dev.ttrpc.transport.OutboundFrame;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One unary call: it is its own Request frame (queued without a wrapper) and completes its future from the
 * Response, the deadline timer, a cancellation or the connection's end, whichever comes first.
 */
final class UnaryCall<Q extends MessageLite, R extends MessageLite> extends OutboundFrame implements ClientCall {
  private final ClientConnection connection;
  private final MethodDescriptor<Q, R> method;
  private final Q request;
  private final CallOptions options;
  private final Metadata metadata;
  private final Future<R> future = new Future<>(this);
  private final int requestSize;
  private volatile int streamId;
  private long timeoutNanos;
  private int baseEnvelopeSize;
  private int envelopeSize;
  /** The connection already stopped routing this stream (its Response arrived): nothing to forget on release. */
  private boolean forgotten;
  private ScheduledFuture<?> timer;

  UnaryCall(ClientConnection connection, MethodDescriptor<Q, R> method, Q request, CallOptions options,
      Metadata metadata) {
    this.connection = connection;
    this.method = method;
    this.request = request;
    this.options = options;
    this.metadata = metadata;
    this.requestSize = request.getSerializedSize();
  }

  CompletableFuture<R> start() {
    int max = connection.config().maxMessageSize();
    baseEnvelopeSize = Envelopes.requestLength(method.envelopePrefix(), requestSize, 0, metadata);
    int worstCase = baseEnvelopeSize + (options.hasDeadline() ? Envelopes.MAX_TIMEOUT_FIELD_LENGTH : 0);
    if (worstCase > max) {
      finish(null, Status.of(Code.RESOURCE_EXHAUSTED,
          Frames.tooLarge(worstCase, max) + " (" + method.fullName() + ")"));
      return future;
    }
    if (options.hasDeadline()) {
      long remaining = options.remainingNanos();
      if (remaining <= 0) {
        expire();
        return future;
      }
      timer = Timers.shared().schedule(this::expire, remaining, TimeUnit.NANOSECONDS);
    }
    connection.send(this);
    return future;
  }

  @Override
  protected boolean beforeWrite() {
    if (future.isDone()) {
      return false;
    }
    if (options.hasDeadline()) {
      timeoutNanos = options.remainingNanos();
      if (timeoutNanos <= 0) {
        expire();
        return false;
      }
    }
    int id = connection.register(this);
    if (id < 0) {
      return false;
    }
    streamId = id;
    if (future.isDone()) {
      connection.forget(id);
      return false;
    }
    envelopeSize = baseEnvelopeSize + Envelopes.timeoutFieldLength(timeoutNanos);
    return true;
  }

  @Override
  protected int streamId() {
    return streamId;
  }

  @Override
  protected int type() {
    return Frames.TYPE_REQUEST;
  }

  @Override
  protected int flags() {
    return 0;
  }

  @Override
  protected int payloadLength() {
    return envelopeSize;
  }

  @Override
  protected void writePayload(ByteBuffer out) throws IOException {
    Envelopes.writeRequest(out, envelopeSize, method.envelopePrefix(), request, requestSize, timeoutNanos, metadata);
  }

  @Override
  protected void dropped(Throwable cause) {
    if (cause instanceof TtrpcException e) {
      finish(null, e.status());
    } else {
      finish(null, connection.unavailable(cause));
    }
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

  private void expire() {
    finish(null, Status.of(Code.DEADLINE_EXCEEDED, "context deadline exceeded (" + method.fullName() + ")"));
  }

  private void finish(R response, Status failure) {
    boolean won = failure == null ? future.complete(response) : future.completeExceptionally(failure.asException());
    if (won) {
      released();
    }
  }

  private void released() {
    ScheduledFuture<?> t = timer;
    if (t != null) {
      t.cancel(false);
    }
    connection.release(forgotten ? 0 : streamId);
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
