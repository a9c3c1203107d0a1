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
import dev.ttrpc.transport.MessageFrame;
import dev.ttrpc.transport.OutboundFrame;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A client-, server- or bidirectional-streaming call, framed as Go ttrpc 1.2 frames it: a Request (remote-open when
 * the client streams, remote-closed with the one request otherwise), Data frames each way, the client's close as an
 * empty remote-closed Data frame, and the end as a closing Data frame or a Response.
 */
final class StreamCall<Q extends MessageLite, R extends MessageLite> extends OutboundFrame
    implements ClientCall, ClientStream<Q, R>, MessageFrame.Stream {
  private static final Object END = new Object();

  private final ClientConnection connection;
  private final MethodDescriptor<Q, R> method;
  private final Q firstRequest;
  private final CallOptions options;
  private final Metadata metadata;
  private final LinkedBlockingQueue<Object> inbound = new LinkedBlockingQueue<>();
  private final AtomicBoolean finished = new AtomicBoolean();
  private final AtomicBoolean sendClosed = new AtomicBoolean();
  private final int firstSize;
  private volatile int streamId;
  private volatile Status localFailure;
  private long timeoutNanos;
  private int baseEnvelopeSize;
  private int envelopeSize;
  private ScheduledFuture<?> timer;
  private boolean receivedEnd;
  private TtrpcException receivedError;

  StreamCall(ClientConnection connection, MethodDescriptor<Q, R> method, Q firstRequest, CallOptions options,
      Metadata metadata) {
    this.connection = connection;
    this.method = method;
    this.firstRequest = firstRequest;
    this.options = options;
    this.metadata = metadata;
    this.firstSize = firstRequest == null ? 0 : firstRequest.getSerializedSize();
    if (!method.type().clientStreams()) {
      sendClosed.set(true);
    }
  }

  StreamCall<Q, R> start() {
    int max = connection.config().maxMessageSize();
    baseEnvelopeSize = Envelopes.requestLength(method.envelopePrefix(), firstSize, 0, metadata);
    int worstCase = baseEnvelopeSize + (options.hasDeadline() ? Envelopes.MAX_TIMEOUT_FIELD_LENGTH : 0);
    if (worstCase > max) {
      fail(Status.of(Code.RESOURCE_EXHAUSTED,
          Frames.tooLarge(worstCase, max) + " (" + method.fullName() + ")"));
      return this;
    }
    if (options.hasDeadline()) {
      long remaining = options.remainingNanos();
      if (remaining <= 0) {
        expire();
        return this;
      }
      timer = Timers.shared().schedule(this::expire, remaining, TimeUnit.NANOSECONDS);
    }
    connection.send(this);
    return this;
  }

  // ---- the opening Request frame

  @Override
  protected boolean beforeWrite() {
    if (finished.get()) {
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
    envelopeSize = baseEnvelopeSize + Envelopes.timeoutFieldLength(timeoutNanos);
    return true;
  }

  @Override
  public int streamId() {
    return streamId;
  }

  @Override
  protected int type() {
    return Frames.TYPE_REQUEST;
  }

  @Override
  protected int flags() {
    return method.type().clientStreams() ? Frames.FLAG_REMOTE_OPEN : Frames.FLAG_REMOTE_CLOSED;
  }

  @Override
  protected int payloadLength() {
    return envelopeSize;
  }

  @Override
  protected void writePayload(ByteBuffer out) throws IOException {
    Envelopes.writeRequest(out, envelopeSize, method.envelopePrefix(), firstRequest, firstSize, timeoutNanos,
        metadata);
  }

  @Override
  protected void dropped(Throwable cause) {
    frameDropped(cause);
  }

  @Override
  public void frameDropped(Throwable cause) {
    fail(cause instanceof TtrpcException e ? e.status() : connection.unavailable(cause));
  }

  // ---- ClientStream

  @Override
  public void send(Q message) {
    Status failure = localFailure;
    if (failure != null) {
      throw failure.asException();
    }
    if (sendClosed.get()) {
      throw TtrpcException.of(Code.FAILED_PRECONDITION, "send on a closed stream (" + method.fullName() + ")");
    }
    MessageFrame frame = MessageFrame.message(this, message);
    int max = connection.config().maxMessageSize();
    if (frame.size() > max) {
      throw TtrpcException.of(Code.RESOURCE_EXHAUSTED,
          Frames.tooLarge(frame.size(), max) + " (" + method.fullName() + ")");
    }
    connection.send(frame);
  }

  @Override
  public void closeSend() {
    if (sendClosed.compareAndSet(false, true) && localFailure == null) {
      connection.send(MessageFrame.close(this));
    }
  }

  @Override
  public R receive() {
    if (receivedError != null) {
      throw receivedError;
    }
    if (receivedEnd) {
      return null;
    }
    Object item;
    try {
      // Failures queue behind the messages that arrived before them: nothing received is dropped.
      item = inbound.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cancel();
      throw TtrpcException.of(Code.CANCELLED, "interrupted while receiving (" + method.fullName() + ")");
    }
    if (item == END) {
      receivedEnd = true;
      return null;
    }
    if (item instanceof TtrpcException e) {
      receivedError = e;
      throw e;
    }
    @SuppressWarnings("unchecked")
    R message = (R) item;
    return message;
  }

  @Override
  public void cancel() {
    fail(Status.of(Code.CANCELLED, "call cancelled (" + method.fullName() + ")"));
  }

  @Override
  public Metadata metadata() {
    return metadata;
  }

  @Override
  public void close() {
    if (!finished.get()) {
      cancel();
    }
  }

  // ---- frames from the server

  @Override
  public boolean onData(int flags, byte[] buf, int offset, int length, boolean owned) {
    if (finished.get()) {
      return true;
    }
    if ((flags & Frames.FLAG_NO_DATA) == 0) {
      if (inbound.size() >= connection.config().streamBufferMessages()) {
        fail(Status.of(Code.RESOURCE_EXHAUSTED, "receiver fell behind: " + inbound.size()
            + " messages buffered on " + method.fullName()));
        return true;
      }
      inbound.add(parse(buf, offset, length, owned));
    }
    if ((flags & Frames.FLAG_REMOTE_CLOSED) != 0) {
      end(END);
      return true;
    }
    return false;
  }

  @Override
  public void onResponse(byte[] buf, int offset, int length, boolean owned) {
    ResponseEnvelope env = ResponseEnvelope.decode(buf, offset, length);
    if (!env.status().isOk()) {
      end(env.status().asException());
      return;
    }
    if (env.payloadLength() > 0 || !method.type().serverStreams()) {
      inbound.add(parse(buf, env.payloadOffset(), env.payloadLength(), owned));
    }
    end(END);
  }

  @Override
  public void fail(Status status) {
    if (localFailure == null) {
      localFailure = status;
    }
    end(status.asException());
  }

  private Object parse(byte[] buf, int offset, int length, boolean owned) {
    try {
      return Messages.parse(method.responseParser(), buf, offset, length, owned);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("message of " + method.fullName() + " does not parse: " + e.getMessage(), e);
    }
  }

  private void expire() {
    fail(Status.of(Code.DEADLINE_EXCEEDED, "context deadline exceeded (" + method.fullName() + ")"));
  }

  private void end(Object last) {
    if (!finished.compareAndSet(false, true)) {
      return;
    }
    inbound.add(last);
    ScheduledFuture<?> t = timer;
    if (t != null) {
      t.cancel(false);
    }
    connection.release(streamId);
  }
}
