package dev.ttrpc.server;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import dev.ttrpc.Code;
import dev.ttrpc.MethodDescriptor;
import dev.ttrpc.Status;
import dev.ttrpc.codec.Frames;
import dev.ttrpc.codec.Messages;
import dev.ttrpc.codec.MetadataLimitException;
import dev.ttrpc.codec.ProtocolException;
import dev.ttrpc.codec.RequestEnvelope;
import dev.ttrpc.transport.Connection;
import dev.ttrpc.transport.OutboundFrame;
import dev.ttrpc.transport.PeerCredentials;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's side of one connection: checks each frame against the protocol, answers what it must reject on the
 * frame's own stream, and starts calls. Nothing a peer sends can make it throw: bad frames get a status or, when the
 * byte stream itself is broken, close this connection only.
 */
final class ServerConnection implements Connection.Handler {
  static final Logger LOG = LoggerFactory.getLogger(TtrpcServer.class);
  private static final String SHUTTING_DOWN = "server is shutting down";

  private final Connection connection;
  private final ServerConfig config;
  private final PeerCredentials peer;
  private final BiConsumer<ServerConnection, Throwable> onClosed;
  private final Map<Integer, ServerCall<?, ?>> calls = new ConcurrentHashMap<>();
  private final String rejectReason;
  private final java.util.concurrent.atomic.AtomicLong bytesInFlight = new java.util.concurrent.atomic.AtomicLong();
  /** Guards {@link #draining} against a call being admitted while a graceful shutdown closes this connection. */
  private final Object admission = new Object();
  /** Streaming handlers wait here while the answers queued for the peer are over the byte budget. */
  private final Object sendRoom = new Object();
  private volatile boolean draining;
  private int lastStreamId;
  private ServiceDefinition.Method<?, ?> recent;

  /**
   * @param rejectReason when not null, every request is answered RESOURCE_EXHAUSTED with this reason
   */
  ServerConnection(Connection connection, ServerConfig config, PeerCredentials peer, String rejectReason,
      BiConsumer<ServerConnection, Throwable> onClosed) {
    this.connection = connection;
    this.config = config;
    this.peer = peer;
    this.rejectReason = rejectReason;
    this.onClosed = onClosed;
    connection.onQueuedBelow(config.maxBytesInFlightPerConnection(), this::answersDrained);
  }

  ServerConfig config() {
    return config;
  }

  PeerCredentials peer() {
    return peer;
  }

  Connection connection() {
    return connection;
  }

  void send(OutboundFrame frame) {
    connection.send(frame);
    if (connection.queuedBytes() > config.maxBytesInFlightPerConnection()) {
      updateReading();
    }
  }

  void callFinished(int streamId) {
    ServerCall<?, ?> call = calls.remove(streamId);
    if (call != null && bytesInFlight.addAndGet(-call.requestBytes) <= config.maxBytesInFlightPerConnection()) {
      updateReading();
    }
  }

  /**
   * Blocks a streaming handler while the answers queued for this peer are over the byte budget: a peer that stops
   * reading then holds the handler, not the server's memory. Returns early once the call is cancelled or ends.
   */
  void awaitRoomToSend(ServerCall<?, ?> call) throws InterruptedException {
    long max = config.maxBytesInFlightPerConnection();
    synchronized (sendRoom) {
      while (connection.queuedBytes() > max && connection.isOpen() && !call.isFinished()
          && call.cancelledWith() == null) {
        // Woken when the queue drains; the bound re-checks a call cancelled meanwhile.
        sendRoom.wait(50);
      }
    }
  }

  /**
   * Reads from the peer only while both its requests being served and the answers waiting for it stay within the
   * byte budget. Decides after acting, so that of two threads racing here the last one sees the final state.
   */
  private void updateReading() {
    if (overBudget()) {
      connection.pauseReading();
      if (!overBudget()) {
        connection.resumeReading();
      }
    } else {
      connection.resumeReading();
    }
  }

  private boolean overBudget() {
    long max = config.maxBytesInFlightPerConnection();
    return bytesInFlight.get() > max || connection.queuedBytes() > max;
  }

  /** The answers waiting for the peer fell back within the budget (called on a writing thread). */
  private void answersDrained() {
    updateReading();
    synchronized (sendRoom) {
      sendRoom.notifyAll();
    }
  }

  int callsInFlight() {
    return calls.size();
  }

  /** No call in flight and nothing left to write. */
  boolean isIdle() {
    return calls.isEmpty() && connection.isWriteIdle();
  }

  void close(Throwable cause) {
    connection.close(cause);
  }

  /**
   * Starts a graceful shutdown of this connection: calls in flight go on, new calls are refused with UNAVAILABLE, so
   * that a busy connection still becomes idle and every caller gets an answer.
   */
  void drain() {
    synchronized (admission) {
      draining = true;
    }
  }

  /**
   * Closes this connection if it is draining and idle. The check and the admission of a new call exclude each other:
   * otherwise a request read just after the check would start a handler whose answer the close then drops.
   */
  boolean closeIfIdle() {
    synchronized (admission) {
      if (!draining || !isIdle()) {
        return false;
      }
    }
    connection.shutdownOutput();
    return true;
  }

  @Override
  public void onFrame(int streamId, int type, int flags, byte[] buf, int offset, int length, boolean owned) {
    switch (type) {
      case Frames.TYPE_REQUEST -> onRequest(streamId, flags, buf, offset, length, owned);
      case Frames.TYPE_DATA -> onData(streamId, flags, buf, offset, length, owned);
      default -> {
        // Responses only flow to clients; unknown types are ignored for forward compatibility.
      }
    }
  }

  private void onRequest(int streamId, int flags, byte[] buf, int offset, int length, boolean owned) {
    if (!acceptNewStream(streamId)) {
      return;
    }
    if (draining) {
      reject(streamId, Code.UNAVAILABLE, SHUTTING_DOWN);
      return;
    }
    if (rejectReason != null) {
      reject(streamId, Code.RESOURCE_EXHAUSTED, rejectReason);
      return;
    }
    if (calls.size() >= config.maxCallsPerConnection()) {
      reject(streamId, Code.RESOURCE_EXHAUSTED, "too many calls in flight on this connection (limit "
          + config.maxCallsPerConnection() + ")");
      return;
    }
    RequestEnvelope env;
    ServiceDefinition.Method<?, ?> m = recent;
    try {
      env = m == null
          ? RequestEnvelope.decode(buf, offset, length, null, null, null, config.metadataLimits())
          : RequestEnvelope.decode(buf, offset, length, m.descriptor().service(), m.descriptor().method(),
              m.descriptor().envelopePrefix(), config.metadataLimits());
    } catch (ProtocolException e) {
      reject(streamId, Code.INVALID_ARGUMENT, e.getMessage());
      return;
    } catch (MetadataLimitException e) {
      reject(streamId, Code.RESOURCE_EXHAUSTED, e.getMessage());
      return;
    }
    if (m == null || !m.descriptor().method().equals(env.method()) || !m.descriptor().service().equals(env.service())) {
      ServiceDefinition service = config.services().get(env.service());
      if (service == null) {
        reject(streamId, Code.UNIMPLEMENTED, "service " + env.service());
        return;
      }
      m = service.method(env.method());
      if (m == null) {
        reject(streamId, Code.UNIMPLEMENTED, "method " + env.method());
        return;
      }
      recent = m;
    }
    start(m, streamId, flags, env, buf, owned);
  }

  private <Q extends MessageLite, R extends MessageLite> void start(ServiceDefinition.Method<Q, R> m, int streamId,
      int flags, RequestEnvelope env, byte[] buf, boolean owned) {
    MethodDescriptor<Q, R> d = m.descriptor();
    Q first = null;
    // As Go does: a client-streaming call gets a first message only if the Request carried a payload field.
    if (env.payloadPresent() || !d.type().clientStreams()) {
      try {
        first = Messages.parse(d.requestParser(), buf, env.payloadOffset(), env.payloadLength(), owned);
      } catch (InvalidProtocolBufferException e) {
        reject(streamId, Code.INVALID_ARGUMENT, "request of " + d.fullName() + " does not parse: " + e.getMessage());
        return;
      }
    }
    ServerCall<Q, R> call;
    if (m.unary() != null) {
      call = new UnaryServerCall<>(this, m, streamId, first, env.metadata(), env.timeoutNanos());
    } else {
      StreamServerCall<Q, R> stream = new StreamServerCall<>(this, m, streamId, env.metadata(), env.timeoutNanos());
      if (first != null) {
        stream.deliverFirst(first);
      }
      if (!d.type().clientStreams() || (flags & Frames.FLAG_REMOTE_CLOSED) != 0) {
        stream.clientDone();
      }
      call = stream;
    }
    synchronized (admission) {
      if (draining) {
        // The drain began after the early check: refuse under the lock, so the answer is queued before any close.
        reject(streamId, Code.UNAVAILABLE, SHUTTING_DOWN);
        return;
      }
      calls.put(streamId, call);
    }
    call.requestBytes = env.payloadLength() + 64;
    if (bytesInFlight.addAndGet(call.requestBytes) > config.maxBytesInFlightPerConnection()) {
      updateReading();
    }
    call.start();
  }

  /** Go 1.2's rules for a new stream: odd ids, each higher than the last. */
  private boolean acceptNewStream(int streamId) {
    if ((streamId & 1) == 0) {
      reject(streamId, Code.INVALID_ARGUMENT, "stream id " + Integer.toUnsignedString(streamId)
          + " is even: client-initiated streams use odd ids");
      return false;
    }
    if (Integer.compareUnsigned(streamId, lastStreamId) <= 0) {
      reject(streamId, Code.INVALID_ARGUMENT, "stream id " + Integer.toUnsignedString(streamId)
          + " is not higher than the previous one (" + Integer.toUnsignedString(lastStreamId) + ")");
      return false;
    }
    lastStreamId = streamId;
    return true;
  }

  private void onData(int streamId, int flags, byte[] buf, int offset, int length, boolean owned) {
    ServerCall<?, ?> call = calls.get(streamId);
    if (!(call instanceof StreamServerCall<?, ?> stream) || !stream.acceptsData()) {
      reject(streamId, Code.INVALID_ARGUMENT, "data frame for stream " + Integer.toUnsignedString(streamId)
          + " which is not open for client data");
      return;
    }
    stream.onData(flags, buf, offset, length, owned);
  }

  @Override
  public void onOversizedFrame(int streamId, int type, int flags, long length, int limit) {
    Status status = Status.of(Code.RESOURCE_EXHAUSTED, Frames.tooLarge(length, limit));
    if (type == Frames.TYPE_REQUEST) {
      if (acceptNewStream(streamId)) {
        send(ResponseFrame.error(streamId, status));
      }
    } else if (type == Frames.TYPE_DATA) {
      reject(streamId, status);
    }
  }

  private void reject(int streamId, Code code, String message) {
    reject(streamId, Status.of(code, message));
  }

  /** Answers a broken frame on its stream: a live call there ends with the status, so a stream ends only once. */
  private void reject(int streamId, Status status) {
    ServerCall<?, ?> live = calls.get(streamId);
    if (live == null || !live.failFromPeer(status)) {
      // No call, or one that just sent its last frame and is about to leave the map.
      send(ResponseFrame.error(streamId, status));
    }
  }

  @Override
  public void onClosed(Throwable cause) {
    for (Integer id : calls.keySet()) {
      ServerCall<?, ?> call = calls.remove(id);
      if (call != null) {
        call.connectionLost();
      }
    }
    onClosed.accept(this, cause);
  }

  @Override
  public String toString() {
    return connection.name() + " (" + peer + ")";
  }
}
