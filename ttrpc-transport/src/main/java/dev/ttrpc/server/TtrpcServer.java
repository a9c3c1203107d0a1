package dev.ttrpc.server;

import dev.ttrpc.transport.Connection;
import dev.ttrpc.transport.PeerCredentials;
import dev.ttrpc.transport.TtrpcAddress;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TTRPC server on a Unix socket. Each accepted peer passes the {@link Handshake} first; each connection has an
 * I/O thread, and handlers run on the executor (virtual threads when the JVM has them). Calls in flight per
 * connection and connections per server are bounded: past a bound the caller gets RESOURCE_EXHAUSTED.
 *
 * <pre>{@code
 * TtrpcServer server = TtrpcServer.builder("unix:///run/my-shim.sock").service(definition).build().start();
 * ...
 * server.shutdown(Duration.ofSeconds(5));
 * }</pre>
 */
public final class TtrpcServer implements AutoCloseable {
  private static final AtomicInteger IDS = new AtomicInteger();
  private static final long ACCEPT_RETRY_NANOS = 50_000_000L;

  private final TtrpcAddress address;
  private final ServerConfig config;
  private final boolean ownsExecutor;
  private final int backlog;
  private final Set<ServerConnection> connections = ConcurrentHashMap.newKeySet();
  private final AtomicInteger rejecting = new AtomicInteger();
  private final Object stateLock = new Object();
  private final String id = "ttrpc-server-" + IDS.incrementAndGet();
  private SocketBinder.Bound bound;
  private Thread acceptor;
  private volatile boolean stopping;
  private volatile boolean terminated;

  /** Made by {@link TtrpcServerBuilder#build()}. */
  TtrpcServer(TtrpcAddress address, ServerConfig config, boolean ownsExecutor, int backlog) {
    this.address = address;
    this.config = config;
    this.ownsExecutor = ownsExecutor;
    this.backlog = backlog;
  }

  /** A builder for a server listening at {@code address} ({@code unix:///path} or {@code unix://@abstract}). */
  public static TtrpcServerBuilder builder(String address) {
    return new TtrpcServerBuilder(TtrpcAddress.parse(address));
  }

  /** A builder for a server listening at {@code address}. */
  public static TtrpcServerBuilder builder(TtrpcAddress address) {
    return new TtrpcServerBuilder(address);
  }

  /**
   * Binds the socket and starts accepting.
   *
   * @throws IOException when the address cannot be bound (in use by a live server, not a socket, a symlink, ...)
   */
  public TtrpcServer start() throws IOException {
    synchronized (stateLock) {
      if (bound != null || stopping) {
        throw new IllegalStateException("server " + address + " already started");
      }
      bound = SocketBinder.bind(address, backlog);
      acceptor = new Thread(this::acceptLoop, id + "-accept " + address);
      acceptor.setDaemon(true);
      acceptor.start();
    }
    ServerConnection.LOG.debug("ttrpc server listening on {}", address);
    return this;
  }

  public TtrpcAddress address() {
    return address;
  }

  /** Connections open now. */
  public int connectionCount() {
    return connections.size();
  }

  /** Bytes of answers queued for peers and not yet written, over all connections (for tests). */
  long queuedAnswerBytes() {
    long n = 0;
    for (ServerConnection c : connections) {
      n += c.connection().queuedBytes();
    }
    return n;
  }

  /** Connections this server stopped reading from, because of their byte budget (for tests). */
  int pausedConnections() {
    int n = 0;
    for (ServerConnection c : connections) {
      n += c.connection().isReadingPaused() ? 1 : 0;
    }
    return n;
  }

  /** Calls being served now, over all connections. */
  public int callsInFlight() {
    int n = 0;
    for (ServerConnection c : connections) {
      n += c.callsInFlight();
    }
    return n;
  }

  public boolean isTerminated() {
    return terminated;
  }

  /**
   * Stops gracefully: no new connections; new calls on open connections are refused with UNAVAILABLE ("server is
   * shutting down"), so a caller can go elsewhere; calls in flight are served for up to {@code grace}, each
   * connection closing once its answers are written; whatever is left at the end of the grace period is closed hard.
   *
   * @return true if every connection finished within the grace period
   */
  public boolean shutdown(Duration grace) {
    stopAccepting();
    long deadline = System.nanoTime() + grace.toNanos();
    synchronized (stateLock) {
      for (ServerConnection c : connections) {
        c.drain();
      }
      while (true) {
        for (ServerConnection c : connections) {
          c.closeIfIdle();
        }
        if (connections.isEmpty()) {
          break;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        try {
          // Woken as connections close; the short cap re-checks connections that went idle without closing.
          stateLock.wait(Math.max(1, Math.min(10, left / 1_000_000)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    boolean clean = connections.isEmpty();
    close();
    return clean;
  }

  /** Stops at once: the listener and every connection close; calls in flight are cancelled. */
  @Override
  public void close() {
    stopAccepting();
    for (ServerConnection c : connections) {
      c.close(new ClosedChannelException());
    }
    if (!terminated) {
      terminated = true;
      config.timer().shutdownNow();
      if (ownsExecutor && config.executor() instanceof ExecutorService es) {
        es.shutdown();
      }
    }
  }

  private void stopAccepting() {
    synchronized (stateLock) {
      if (stopping) {
        return;
      }
      stopping = true;
      if (bound != null) {
        try {
          bound.channel().close();
        } catch (IOException ignored) {
          // The acceptor stops either way.
        }
        bound.unlink();
      }
    }
  }

  private void acceptLoop() {
    int n = 0;
    while (!stopping) {
      SocketChannel channel;
      try {
        channel = bound.channel().accept();
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException | RuntimeException | Error e) {
        if (stopping || !bound.channel().isOpen()) {
          return;
        }
        // Out of file descriptors or memory: the condition may pass, so the server waits a little and goes on
        // rather than silently stop accepting.
        ServerConnection.LOG.error("ttrpc server {} failed to accept a connection: {}", address, e.toString());
        java.util.concurrent.locks.LockSupport.parkNanos(ACCEPT_RETRY_NANOS);
        continue;
      }
      if (channel == null) {
        continue;
      }
      try {
        admit(channel, ++n);
      } catch (IOException | RuntimeException | Error e) {
        ServerConnection.LOG.warn("ttrpc server {} dropped a new connection: {}", address, e.toString());
        closeQuietly(channel);
      }
    }
  }

  private void admit(SocketChannel channel, int n) throws IOException {
    PeerCredentials peer = PeerCredentials.of(channel);
    String refusal = config.handshake().check(peer);
    if (refusal != null) {
      ServerConnection.LOG.warn("ttrpc server {} refused a peer (pid {}, uid {}, gid {}): {}", address, peer.pid(),
          peer.uid(), peer.gid(), refusal);
      closeQuietly(channel);
      return;
    }
    String reject = null;
    if (connections.size() >= config.maxConnections()) {
      if (rejecting.get() >= config.maxConnections()) {
        closeQuietly(channel);
        return;
      }
      reject = "too many connections (limit " + config.maxConnections() + ")";
    }
    Connection connection = new Connection(channel, config.maxMessageSize(), id + "-conn-" + n);
    ServerConnection sc = new ServerConnection(connection, config, peer, reject, this::connectionClosed);
    if (reject != null) {
      rejecting.incrementAndGet();
    } else {
      connections.add(sc);
    }
    connection.start(sc, Thread::new);
    if (stopping) {
      // close() may have run between accept() and the add above, missing this connection.
      sc.close(new ClosedChannelException());
    }
  }

  private void connectionClosed(ServerConnection connection, Throwable cause) {
    if (!connections.remove(connection)) {
      rejecting.decrementAndGet();
    }
    if (cause instanceof RuntimeException || cause instanceof Error) {
      // Nothing a peer sends should get here (bad frames get a status): this is a bug in the server, and it must
      // not pass for an ordinary hang-up.
      ServerConnection.LOG.error("ttrpc connection {} failed unexpectedly", connection, cause);
    } else if (cause != null && !stopping && !(cause instanceof ClosedChannelException)) {
      ServerConnection.LOG.debug("ttrpc connection {} ended: {}", connection, cause.toString());
    }
    synchronized (stateLock) {
      stateLock.notifyAll();
    }
  }

  private static void closeQuietly(SocketChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // Nothing to do.
    }
  }
}
