package dev.ttrpc.client;

import dev.ttrpc.Code;
import dev.ttrpc.Status;
import dev.ttrpc.codec.Frames;
import dev.ttrpc.codec.ProtocolException;
import dev.ttrpc.transport.Connection;
import dev.ttrpc.transport.OutboundFrame;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * The client's side of one connection: hands out stream ids in wire order, routes incoming frames to their calls,
 * and fails every call in flight the moment the connection ends.
 */
final class ClientConnection implements Connection.Handler {
  private final Connection connection;
  private final ClientConfig config;
  private final BiConsumer<ClientConnection, Throwable> onClosed;
  private final Map<Integer, ClientCall> calls = new ConcurrentHashMap<>();
  private final AtomicLong admitted = new AtomicLong();
  private final java.util.concurrent.atomic.AtomicInteger active = new java.util.concurrent.atomic.AtomicInteger();
  private int nextStreamId = 1;
  private volatile boolean closed;
  private volatile boolean retired;

  ClientConnection(Connection connection, ClientConfig config, BiConsumer<ClientConnection, Throwable> onClosed) {
    this.connection = connection;
    this.config = config;
    this.onClosed = onClosed;
  }

  ClientConfig config() {
    return config;
  }

  /** Reserves room for one more call; false once this connection's stream ids would run out. */
  boolean tryAdmit() {
    if (closed || retired) {
      return false;
    }
    if (admitted.incrementAndGet() > config.maxCallsPerConnection()) {
      retired = true;
      closeIfRetiredAndIdle();
      return false;
    }
    active.incrementAndGet();
    return true;
  }

  boolean isOpen() {
    return !closed && connection.isOpen();
  }

  /** Whether this connection stopped taking calls because its stream ids would run out. */
  boolean isRetired() {
    return retired;
  }

  /** Whether this connection still takes new calls. */
  boolean isUsable() {
    return !closed && !retired && connection.isOpen();
  }

  void send(OutboundFrame frame) {
    connection.send(frame);
  }

  /**
   * Takes the next stream id for {@code call} and starts routing its frames. Called by the writer in wire order.
   * Returns -1, having failed the call, if the connection is closing.
   */
  int register(ClientCall call) {
    int id = nextStreamId;
    nextStreamId += 2;
    calls.put(id, call);
    if (closed) {
      calls.remove(id);
      call.fail(unavailable(null));
      return -1;
    }
    return id;
  }

  /** Stops routing frames of a call that goes on (its server side ended); it will still {@link #release}. */
  void forget(int streamId) {
    if (streamId > 0) {
      calls.remove(streamId);
    }
  }

  /** A call admitted by {@link #tryAdmit()} finished; called once per call. */
  void release(int streamId) {
    forget(streamId);
    active.decrementAndGet();
    closeIfRetiredAndIdle();
  }

  /** Calls admitted and not finished. */
  int callsInFlight() {
    return active.get();
  }

  /** How long, at {@code now}, the oldest unary call waiting for its Response has waited; 0 when none waits. */
  long oldestUnaryCallAge(long now) {
    long oldest = 0;
    for (ClientCall call : calls.values()) {
      if (call instanceof UnaryCall<?, ?> unary) {
        oldest = Math.max(oldest, now - unary.startedNanos());
      }
    }
    return oldest;
  }

  @Override
  public void onFrame(int streamId, int type, int flags, byte[] buf, int offset, int length, boolean owned) {
    switch (type) {
      case Frames.TYPE_RESPONSE -> {
        ClientCall call = calls.remove(streamId);
        if (call != null) {
          try {
            call.onResponse(buf, offset, length, owned);
          } catch (RuntimeException e) {
            failUnreadable(call, e);
          }
        }
      }
      case Frames.TYPE_DATA -> {
        ClientCall call = calls.get(streamId);
        if (call != null) {
          try {
            if (call.onData(flags, buf, offset, length, owned)) {
              forget(streamId);
            }
          } catch (RuntimeException e) {
            failUnreadable(call, e);
          }
        }
      }
      default -> {
        // Servers open no streams, and unknown frame types are ignored for forward compatibility.
      }
    }
  }

  private static void failUnreadable(ClientCall call, RuntimeException e) {
    call.fail(Status.of(Code.INTERNAL, e instanceof ProtocolException ? e.getMessage()
        : "cannot read the answer: " + e));
  }

  @Override
  public void onOversizedFrame(int streamId, int type, int flags, long length, int limit) {
    ClientCall call = calls.remove(streamId);
    if (call != null) {
      call.fail(Status.of(Code.RESOURCE_EXHAUSTED, Frames.tooLarge(length, limit)));
    }
  }

  @Override
  public void onClosed(Throwable cause) {
    closed = true;
    Status status = unavailable(cause);
    for (Integer id : calls.keySet()) {
      ClientCall call = calls.remove(id);
      if (call != null) {
        call.fail(status);
      }
    }
    onClosed.accept(this, cause);
  }

  Status unavailable(Throwable cause) {
    String why = cause == null ? "connection closed" : "connection lost: " + describe(cause);
    return Status.of(Code.UNAVAILABLE, why + " (" + config.address() + ")");
  }

  static String describe(Throwable t) {
    return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
  }

  void close() {
    connection.close(null);
  }

  private void closeIfRetiredAndIdle() {
    if (retired && active.get() == 0) {
      connection.close(null);
    }
  }

  @Override
  public String toString() {
    return connection.name();
  }
}
