package dev.ttrpc.server;

import dev.ttrpc.MetadataLimits;
import dev.ttrpc.codec.Frames;
import dev.ttrpc.transport.Connection;
import dev.ttrpc.transport.PeerCredentials;
import dev.ttrpc.transport.TtrpcAddress;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
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

  private TtrpcServer(TtrpcAddress address, ServerConfig config, boolean ownsExecutor, int backlog) {
    this.address = address;
    this.config = config;
    this.ownsExecutor = ownsExecutor;
    this.backlog = backlog;
  }

  /** A builder for a server listening at {@code address} ({@code unix:///path} or {@code unix://@abstract}). */
  public static Builder builder(String address) {
    return new Builder(TtrpcAddress.parse(address));
  }

  public static Builder builder(TtrpcAddress address) {
    return new Builder(address);
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

  /** An executor with a virtual thread per task on JVMs that have them (21+), else a cached pool. */
  static ExecutorService defaultExecutor() {
    try {
      return (ExecutorService) MethodHandles.publicLookup()
          .findStatic(Executors.class, "newVirtualThreadPerTaskExecutor", MethodType.methodType(ExecutorService.class))
          .invoke();
    } catch (Throwable noVirtualThreads) {
      AtomicInteger n = new AtomicInteger();
      return Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "ttrpc-handler-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
    }
  }

  /** Settings of a {@link TtrpcServer}. */
  public static final class Builder {
    private final TtrpcAddress address;
    private final Map<String, ServiceDefinition> services = new LinkedHashMap<>();
    private final List<ServerInterceptor> interceptors = new ArrayList<>();
    private Handshake handshake = Handshake.sameUser();
    private Executor executor;
    private int maxMessageSize = Frames.DEFAULT_MAX_MESSAGE_SIZE;
    private int maxCallsPerConnection = 1024;
    private int maxConnections = 1024;
    private int streamBufferMessages = 128;
    private long maxBytesInFlight = 8L << 20;
    private boolean directUnary;
    private int backlog = 128;
    private int maxMetadataEntries = MetadataLimits.DEFAULT.maxEntries();
    private int maxMetadataBytes = MetadataLimits.DEFAULT.maxBytes();

    private Builder(TtrpcAddress address) {
      this.address = Objects.requireNonNull(address, "address");
    }

    /** Serves a service; one definition per service name. */
    public Builder service(ServiceDefinition service) {
      if (services.putIfAbsent(service.name(), service) != null) {
        throw new IllegalArgumentException("service " + service.name() + " registered twice");
      }
      return this;
    }

    /** Adds an interceptor; the first added is outermost. */
    public Builder intercept(ServerInterceptor interceptor) {
      interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
      return this;
    }

    /** Who may connect (default {@link Handshake#sameUser()}). */
    public Builder handshake(Handshake handshake) {
      this.handshake = Objects.requireNonNull(handshake, "handshake");
      return this;
    }

    /** Where handlers run (default: a virtual thread per call where available). The server does not shut it down. */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** The largest message accepted or sent, in bytes (default 4 MiB). */
    public Builder maxMessageSize(int bytes) {
      this.maxMessageSize = positive(bytes, "maxMessageSize");
      return this;
    }

    /** Calls served at once on one connection; more get RESOURCE_EXHAUSTED (default 1024). */
    public Builder maxCallsPerConnection(int calls) {
      this.maxCallsPerConnection = positive(calls, "maxCallsPerConnection");
      return this;
    }

    /** Connections open at once; calls on more get RESOURCE_EXHAUSTED (default 1024). */
    public Builder maxConnections(int connections) {
      this.maxConnections = positive(connections, "maxConnections");
      return this;
    }

    /** Client messages buffered per stream for a slow handler before the stream fails (default 128). */
    public Builder streamBufferMessages(int messages) {
      this.streamBufferMessages = positive(messages, "streamBufferMessages");
      return this;
    }

    /**
     * The byte budget of a connection (default 8 MiB), applied twice: to the requests of calls being served, and to
     * the answers queued for the peer and not yet written. Over either, the server stops reading from the
     * connection (the peer's next frames wait in the socket) and streaming handlers block in {@code send}: memory
     * stays bounded however fast the peer sends and however slowly it reads (by twice this budget, plus the
     * frames of the one read already made, at most 64 KiB).
     */
    public Builder maxBytesInFlightPerConnection(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("maxBytesInFlightPerConnection must be positive, got " + bytes);
      }
      this.maxBytesInFlight = bytes;
      return this;
    }

    /**
     * Runs unary handlers on the connection's I/O thread instead of the executor: no thread hand-off, and the
     * answers to a batch of requests leave in one write. Only for handlers that never block (no I/O, no waiting,
     * no long locks): a handler that blocks there stalls every call on its connection. Streaming handlers always
     * run on the executor.
     */
    public Builder directExecutor(boolean enabled) {
      this.directUnary = enabled;
      return this;
    }

    /**
     * Metadata entries a request may carry (default 64); more get RESOURCE_EXHAUSTED on its stream, and the
     * connection goes on. containerd sends one or two; the bound keeps a request of tiny entries from costing far
     * more memory than its bytes. See {@link MetadataLimits}.
     */
    public Builder maxMetadataEntries(int entries) {
      this.maxMetadataEntries = positive(entries, "maxMetadataEntries");
      return this;
    }

    /** Bytes of metadata keys plus values a request may carry (default 16 KiB); more get RESOURCE_EXHAUSTED. */
    public Builder maxMetadataBytes(int bytes) {
      this.maxMetadataBytes = positive(bytes, "maxMetadataBytes");
      return this;
    }

    /** The listen backlog (default 128). */
    public Builder backlog(int backlog) {
      this.backlog = positive(backlog, "backlog");
      return this;
    }

    public TtrpcServer build() {
      boolean owns = executor == null;
      ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "ttrpc-server-timer");
        t.setDaemon(true);
        return t;
      });
      timer.setRemoveOnCancelPolicy(true);
      ServerConfig config = new ServerConfig(Map.copyOf(services), List.copyOf(interceptors), handshake,
          owns ? defaultExecutor() : executor, timer, maxMessageSize, maxCallsPerConnection, maxConnections,
          streamBufferMessages, maxBytesInFlight, directUnary,
          new MetadataLimits(maxMetadataEntries, maxMetadataBytes));
      return new TtrpcServer(address, config, owns, backlog);
    }

    private static int positive(int value, String name) {
      if (value <= 0) {
        throw new IllegalArgumentException(name + " must be positive, got " + value);
      }
      return value;
    }
  }
}
