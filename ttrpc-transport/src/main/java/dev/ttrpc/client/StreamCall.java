package dev.ttrpc.client;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import dev.ttrpc.Code;
import dev.ttrpc.Metadata;
import dev.ttrpc.MethodDescriptor;
import dev.ttrpc.Status;
import dev.ttrpc.TtrpcException;
import dev.ttrpc.codec.Frames;
import dev.ttrpc.codec.Messages;
import dev.ttrpc.codec.ResponseEnvelope;
import dev.ttrpc.transport.MessageFrame;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A client-, server- or bidirectional-streaming call, framed as Go ttrpc 1.2 frames it: a Request (remote-open when
 * the client streams, remote-closed with the one request otherwise), Data frames each way, the client's close as an
 * empty remote-closed Data frame, and the end as a closing Data frame or a Response.
 */
final class StreamCall<Q extends MessageLite, R extends MessageLite> extends RequestFrame<Q, R>
    implements ClientStream<Q, R>, MessageFrame.Stream {
  private static final Object END = new Object();

  private final LinkedBlockingQueue<Object> inbound = new LinkedBlockingQueue<>();
  private final AtomicBoolean finished = new AtomicBoolean();
  private final AtomicBoolean sendClosed = new AtomicBoolean();
  private volatile Status localFailure;
  private boolean receivedEnd;
  private TtrpcException receivedError;

  StreamCall(ClientConnection connection, MethodDescriptor<Q, R> method, Q firstRequest, CallOptions options,
      Metadata metadata) {
    super(connection, method, firstRequest, options, metadata);
    if (!method.type().clientStreams()) {
      sendClosed.set(true);
    }
  }

  StreamCall<Q, R> start() {
    send();
    return this;
  }

  @Override
  boolean isFinished() {
    return finished.get();
  }

  // ---- the opening Request frame

  @Override
  protected int flags() {
    return method.type().clientStreams() ? Frames.FLAG_REMOTE_OPEN : Frames.FLAG_REMOTE_CLOSED;
  }

  @Override
  public void frameDropped(Throwable cause) {
    dropped(cause);
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

  private void end(Object last) {
    if (!finished.compareAndSet(false, true)) {
      return;
    }
    inbound.add(last);
    cancelDeadline();
    connection.release(streamId());
  }
}
