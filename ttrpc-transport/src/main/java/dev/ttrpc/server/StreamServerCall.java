package dev.ttrpc.server;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import dev.ttrpc.Code;
import dev.ttrpc.Metadata;
import dev.ttrpc.Status;
import dev.ttrpc.TtrpcException;
import dev.ttrpc.codec.Frames;
import dev.ttrpc.codec.Messages;
import dev.ttrpc.transport.MessageFrame;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A streaming call. Client messages are parsed on the I/O thread and queued for the handler (up to a bound: a
 * handler that falls behind fails its own stream, never the connection); server messages are queued on the
 * connection's writer. A server-streaming or bidirectional call ends with an empty remote-closed Data frame, a
 * client-streaming one with a Response, and any failure with a Response carrying the status.
 */
final class StreamServerCall<Q extends MessageLite, R extends MessageLite> extends ServerCall<Q, R>
    implements ServerStream<Q, R>, MessageFrame.Stream {
  private static final Object END = new Object();

  private final LinkedBlockingQueue<Object> inbound = new LinkedBlockingQueue<>();
  private volatile boolean clientClosed;
  private boolean receivedEnd;

  StreamServerCall(ServerConnection connection, ServiceDefinition.Method<Q, R> method, int streamId,
      Metadata metadata, long timeoutNanos) {
    super(connection, method, streamId, metadata, timeoutNanos);
  }

  /** The message carried by the opening Request, if the client sent one. */
  void deliverFirst(Q message) {
    inbound.add(message);
  }

  /** The client sends nothing after its Request (server-streaming calls). */
  void clientDone() {
    clientClosed = true;
    inbound.add(END);
  }

  boolean acceptsData() {
    return !clientClosed && !isFinished();
  }

  /** A Data frame from the client, on the I/O thread. */
  void onData(int flags, byte[] buf, int offset, int length, boolean owned) {
    if ((flags & Frames.FLAG_REMOTE_CLOSED) != 0) {
      if (length > 0) {
        failFromPeer(Status.of(Code.INVALID_ARGUMENT, "data close message cannot include data"));
        return;
      }
      clientDone();
      return;
    }
    if ((flags & Frames.FLAG_NO_DATA) != 0) {
      return;
    }
    int limit = connection.config().streamBufferMessages();
    if (inbound.size() >= limit) {
      failFromPeer(Status.of(Code.RESOURCE_EXHAUSTED, "handler fell behind: " + limit
          + " messages buffered on stream " + streamId));
      return;
    }
    try {
      inbound.add(Messages.parse(method.descriptor().requestParser(), buf, offset, length, owned));
    } catch (InvalidProtocolBufferException e) {
      failFromPeer(Status.of(Code.INVALID_ARGUMENT, "message on stream " + streamId + " of "
          + method.descriptor().fullName() + " does not parse: " + e.getMessage()));
    }
  }

  @Override
  void onCancelled(Status why) {
    inbound.add(why.asException());
  }

  @Override
  public void run() {
    if (isFinished()) {
      return;
    }
    R result;
    try {
      result = invoke(0, this);
    } catch (Throwable t) {
      finishWithError(statusOf(t));
      return;
    }
    if (method.descriptor().type().serverStreams()) {
      finish(MessageFrame.close(this));
    } else if (result == null) {
      finishWithError(Status.of(Code.INTERNAL, "handler of " + method.descriptor().fullName()
          + " returned no response"));
    } else {
      finishWithResponse(result);
    }
  }

  private R invoke(int index, ServerStream<Q, R> stream) throws Exception {
    List<ServerInterceptor> interceptors = connection.config().interceptors();
    if (index == interceptors.size()) {
      return method.stream().handle(stream);
    }
    return interceptors.get(index).interceptStream(method.descriptor(), stream, s -> invoke(index + 1, s));
  }

  @Override
  public Q receive() {
    if (receivedEnd) {
      return null;
    }
    Object item;
    try {
      long remaining = remainingNanos();
      item = remaining == Long.MAX_VALUE ? inbound.take() : inbound.poll(Math.max(0, remaining), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw TtrpcException.of(Code.CANCELLED, "interrupted while receiving on stream " + streamId);
    }
    if (item == null) {
      throw TtrpcException.of(Code.DEADLINE_EXCEEDED, "context deadline exceeded (" + method.descriptor().fullName()
          + ")");
    }
    if (item == END) {
      receivedEnd = true;
      return null;
    }
    if (item instanceof TtrpcException e) {
      inbound.add(e);
      throw e;
    }
    @SuppressWarnings("unchecked")
    Q message = (Q) item;
    return message;
  }

  @Override
  public void send(R message) {
    if (!method.descriptor().type().serverStreams()) {
      throw TtrpcException.of(Code.FAILED_PRECONDITION, method.descriptor().fullName()
          + " is client-streaming: return the response from the handler instead of sending it");
    }
    // Finished first, the reason second: a lost connection cancels the call before marking it finished, so a call
    // seen finished here shows its reason too (read the other way round, a loss between the reads looked like
    // the handler sending after its own end).
    boolean ended = isFinished();
    Status cancelled = cancelledWith();
    if (cancelled != null) {
      throw cancelled.asException();
    }
    if (ended) {
      throw TtrpcException.of(Code.FAILED_PRECONDITION, "stream " + streamId + " already ended");
    }
    MessageFrame frame = MessageFrame.message(this, message);
    int max = connection.config().maxMessageSize();
    if (frame.size() > max) {
      throw TtrpcException.of(Code.RESOURCE_EXHAUSTED, Frames.tooLarge(frame.size(), max));
    }
    connection.send(frame);
    try {
      connection.awaitRoomToSend(this);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw TtrpcException.of(Code.CANCELLED, "interrupted while the peer was not reading");
    }
    cancelled = cancelledWith();
    if (cancelled != null) {
      // Ended while waiting for the peer to read: this message may never arrive, and the handler should stop.
      throw cancelled.asException();
    }
  }

  @Override
  public int streamId() {
    return streamId;
  }
}
