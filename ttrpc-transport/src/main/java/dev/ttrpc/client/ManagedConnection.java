package dev.ttrpc.client;

import dev.ttrpc.Code;
import dev.ttrpc.Status;
import dev.ttrpc.TtrpcException;
import dev.ttrpc.transport.Connection;
import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One logical connection of a client to its peer: dials it, re-dials it with its own backoff and jitter after a
 * loss, moves to a fresh socket before stream ids run out (the old one finishes its calls, then closes), and reports
 * its state to the client's {@link ClientState}.
 */
final class ManagedConnection {
  private static final AtomicInteger SOCKET_COUNTER = new AtomicInteger();

  private final ClientConfig config;
  private final int index;
  private final ClientState clientState;
  private final Object lock = new Object();
  /** Sockets out of stream ids that still finish their calls; closed with the client. */
  private final Set<ClientConnection> retiring = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean warmingUp = new AtomicBoolean();
  private volatile ClientConnection current;
  private volatile ConnectivityState state = ConnectivityState.IDLE;
  private volatile boolean closed;
  private volatile long reconnects;
  private Throwable lastError;
  private int failedDials;
  private ScheduledFuture<?> redial;
  /** The socket was lost and not yet replaced: the next successful dial counts as a reconnect. */
  private boolean reconnectPending;

  /**
   * @param index this connection's number within the client, as {@link ClientState} knows it
   */
  ManagedConnection(ClientConfig config, int index, ClientState clientState) {
    this.config = config;
    this.index = index;
    this.clientState = clientState;
  }

  /** The socket, with room for one more call reserved, if it takes calls now; null otherwise. Never blocks. */
  ClientConnection tryAdmit() {
    ClientConnection c = current;
    return c != null && c.tryAdmit() ? c : null;
  }

  /**
   * The socket, with room for one more call reserved, dialling it first if there is none.
   *
   * @throws TtrpcException UNAVAILABLE when closed, waiting to re-dial, or the dial fails
   */
  ClientConnection admit() {
    try {
      synchronized (lock) {
        while (true) {
          if (closed) {
            throw TtrpcException.of(Code.UNAVAILABLE, "client closed (" + config.address() + ")");
          }
          ClientConnection c = current;
          if (c != null && c.tryAdmit()) {
            return c;
          }
          retireCurrentIfSpentLocked();
          if (redial != null && !redial.isDone()) {
            Throwable err = lastError;
            throw TtrpcException.of(Code.UNAVAILABLE, "not connected to " + config.address()
                + (err == null ? "" : ": " + ClientConnection.describe(err)) + "; reconnecting");
          }
          dialLocked();
        }
      }
    } finally {
      clientState.deliver();
    }
  }

  /**
   * Dials in the background if this connection was never dialled or its socket ran out of stream ids, so that it
   * is READY for later calls while the current ones go elsewhere. A lost socket is left to the re-dial policy.
   */
  void warmUp() {
    if (needsWarmUp() && warmingUp.compareAndSet(false, true)) {
      Thread dialler = new Thread(this::warmUpNow, "ttrpc-client-dial " + config.address());
      dialler.setDaemon(true);
      dialler.start();
    }
  }

  ConnectivityState state() {
    return state;
  }

  long reconnects() {
    return reconnects;
  }

  /** Calls on the current socket started and not finished. */
  int callsInFlight() {
    ClientConnection c = current;
    return c == null ? 0 : c.callsInFlight();
  }

  /** See {@link ClientConnection#oldestUnaryCallAge}. */
  long oldestUnaryCallAge(long now) {
    ClientConnection c = current;
    return c == null ? 0 : c.oldestUnaryCallAge(now);
  }

  /** Closes every socket of this connection; their calls fail with UNAVAILABLE. Silent: the client reports CLOSED. */
  void close() {
    ClientConnection c;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      state = ConnectivityState.CLOSED;
      if (redial != null) {
        redial.cancel(false);
      }
      c = current;
      current = null;
    }
    if (c != null) {
      c.close();
    }
    retiring.forEach(ClientConnection::close);
  }

  private boolean needsWarmUp() {
    if (closed) {
      return false;
    }
    ConnectivityState s = state;
    ClientConnection c = current;
    return s == ConnectivityState.IDLE || (s == ConnectivityState.READY && (c == null || c.isRetired()));
  }

  private void warmUpNow() {
    try {
      synchronized (lock) {
        if (!needsWarmUp() || (redial != null && !redial.isDone())) {
          return;
        }
        retireCurrentIfSpentLocked();
        try {
          dialLocked();
        } catch (TtrpcException e) {
          // dialLocked recorded the failure and scheduled the next attempt.
        }
      }
    } finally {
      warmingUp.set(false);
      clientState.deliver();
    }
  }

  /** Stream ids of the current socket ran out: it finishes its calls and closes; new calls go to a fresh one. */
  private void retireCurrentIfSpentLocked() {
    ClientConnection c = current;
    if (c != null && c.isRetired()) {
      current = null;
      retiring.add(c);
      if (!c.isOpen()) {
        retiring.remove(c);
      }
    }
  }

  private void dialLocked() {
    setStateLocked(ConnectivityState.CONNECTING, null);
    try {
      SocketChannel channel = config.connector().connect(config.address(), config.connectTimeout());
      Connection connection = new Connection(channel, config.maxMessageSize(),
          "ttrpc-client-" + SOCKET_COUNTER.incrementAndGet() + " " + config.address());
      ClientConnection cc = new ClientConnection(connection, config, this::socketClosed);
      connection.start(cc, Thread::new);
      if (failedDials > 0 || reconnectPending) {
        reconnects++;
      }
      reconnectPending = false;
      failedDials = 0;
      current = cc;
      setStateLocked(ConnectivityState.READY, null);
    } catch (IOException | RuntimeException e) {
      lastError = e;
      failedDials++;
      setStateLocked(ConnectivityState.FAILED, e);
      scheduleRedialLocked();
      String why = ClientConnection.describe(e);
      throw new TtrpcException(Status.of(Code.UNAVAILABLE,
          why.startsWith("cannot connect to") ? why : "cannot connect to " + config.address() + ": " + why), e);
    }
  }

  private void socketClosed(ClientConnection socket, Throwable cause) {
    retiring.remove(socket);
    try {
      synchronized (lock) {
        if (current != socket || closed) {
          return;
        }
        current = null;
        if (socket.isRetired()) {
          return;
        }
        // A peer that hangs up cleanly gives no cause; say so, rather than leave lastError unchanged.
        Throwable why = cause != null ? cause : new EOFException("connection closed by peer");
        lastError = why;
        reconnectPending = true;
        setStateLocked(ConnectivityState.FAILED, why);
        scheduleRedialLocked();
      }
    } finally {
      clientState.deliver();
    }
  }

  private void scheduleRedialLocked() {
    if (!config.reconnect() || closed) {
      return;
    }
    Duration delay = config.backoff().delay(Math.max(0, failedDials - 1));
    redial = Timers.shared().schedule(this::redial, delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  private void redial() {
    try {
      synchronized (lock) {
        if (closed || current != null) {
          return;
        }
        redial = null;
        try {
          dialLocked();
        } catch (TtrpcException e) {
          // dialLocked recorded the failure and scheduled the next attempt.
        }
      }
    } finally {
      clientState.deliver();
    }
  }

  private void setStateLocked(ConnectivityState next, Throwable cause) {
    if (state == next || state == ConnectivityState.CLOSED) {
      return;
    }
    state = next;
    clientState.connectionChanged(index, next, cause);
  }
}
