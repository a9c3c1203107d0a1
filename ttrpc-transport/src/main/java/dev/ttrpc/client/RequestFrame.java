package dev.ttrpc.client;

import com.google.protobuf.MessageLite;
import dev.ttrpc.Code;
import dev.ttrpc.Metadata;
import dev.ttrpc.MethodDescriptor;
import dev.ttrpc.Status;
import dev.ttrpc.TtrpcException;
import dev.ttrpc.codec.Envelopes;
import dev.ttrpc.codec.Frames;
import dev.ttrpc.transport.OutboundFrame;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The opening Request frame every call sends, and the deadline that goes with it: the size check before anything is
 * queued, the timer, the stream id taken in wire order, and the {@code timeout_nano} measured at the moment of
 * writing. Unary and streaming calls differ only in what follows.
 */
abstract class RequestFrame<Q extends MessageLite, R extends MessageLite> extends OutboundFrame
    implements ClientCall {
  final ClientConnection connection;
  final MethodDescriptor<Q, R> method;
  final CallOptions options;
  final Metadata metadata;
  private final Q request;
  private final int requestSize;
  private volatile int streamId;
  private long timeoutNanos;
  private int baseEnvelopeSize;
  private int envelopeSize;
  private ScheduledFuture<?> timer;

  /**
   * @param request the message the Request carries, or null (a client-streaming call sends its first one as Data)
   */
  RequestFrame(ClientConnection connection, MethodDescriptor<Q, R> method, Q request, CallOptions options,
      Metadata metadata) {
    this.connection = connection;
    this.method = method;
    this.request = request;
    this.options = options;
    this.metadata = metadata;
    this.requestSize = request == null ? 0 : request.getSerializedSize();
  }

  /** Whether the call already ended (answered, failed, cancelled or expired). */
  abstract boolean isFinished();

  /** Checks the size, arms the deadline and queues the Request, or fails the call at once. */
  final void send() {
    String overLimits = connection.config().metadataLimits().violation(metadata);
    if (overLimits != null) {
      fail(Status.of(Code.RESOURCE_EXHAUSTED, overLimits + " (" + method.fullName() + "), not sent"));
      return;
    }
    int max = connection.config().maxMessageSize();
    baseEnvelopeSize = Envelopes.requestLength(method.envelopePrefix(), requestSize, 0, metadata);
    int worstCase = baseEnvelopeSize + (options.hasDeadline() ? Envelopes.MAX_TIMEOUT_FIELD_LENGTH : 0);
    if (worstCase > max) {
      fail(Status.of(Code.RESOURCE_EXHAUSTED, Frames.tooLarge(worstCase, max) + " (" + method.fullName() + ")"));
      return;
    }
    if (options.hasDeadline()) {
      long remaining = options.remainingNanos();
      if (remaining <= 0) {
        expire();
        return;
      }
      timer = Timers.shared().schedule(this::expire, remaining, TimeUnit.NANOSECONDS);
    }
    connection.send(this);
  }

  /** Stops the deadline timer of a call that ended. */
  final void cancelDeadline() {
    ScheduledFuture<?> t = timer;
    if (t != null) {
      t.cancel(false);
    }
  }

  final void expire() {
    fail(Status.of(Code.DEADLINE_EXCEEDED, "context deadline exceeded (" + method.fullName() + ")"));
  }

  @Override
  protected final boolean beforeWrite() {
    if (isFinished()) {
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
    if (isFinished()) {
      // It ended while being registered (a deadline or a cancel on another thread): nothing will come for it.
      connection.forget(id);
      return false;
    }
    envelopeSize = baseEnvelopeSize + Envelopes.timeoutFieldLength(timeoutNanos);
    return true;
  }

  /** The stream id, 0 until the Request is written. */
  @Override
  public final int streamId() {
    return streamId;
  }

  @Override
  protected final int type() {
    return Frames.TYPE_REQUEST;
  }

  @Override
  protected final int payloadLength() {
    return envelopeSize;
  }

  @Override
  protected final void writePayload(ByteBuffer out) throws IOException {
    Envelopes.writeRequest(out, envelopeSize, method.envelopePrefix(), request, requestSize, timeoutNanos, metadata);
  }

  @Override
  protected void dropped(Throwable cause) {
    fail(cause instanceof TtrpcException e ? e.status() : connection.unavailable(cause));
  }
}
