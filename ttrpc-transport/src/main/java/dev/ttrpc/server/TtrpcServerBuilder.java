package dev.ttrpc.server;

import dev.ttrpc.MetadataLimits;
import dev.ttrpc.codec.Frames;
import dev.ttrpc.transport.TtrpcAddress;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/** Settings of a {@link TtrpcServer}; obtained from {@link TtrpcServer#builder(String)}. */
public final class TtrpcServerBuilder {
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

  TtrpcServerBuilder(TtrpcAddress address) {
    this.address = Objects.requireNonNull(address, "address");
  }

  /** Serves a service; one definition per service name. */
  public TtrpcServerBuilder service(ServiceDefinition service) {
    if (services.putIfAbsent(service.name(), service) != null) {
      throw new IllegalArgumentException("service " + service.name() + " registered twice");
    }
    return this;
  }

  /** Adds an interceptor; the first added is outermost. */
  public TtrpcServerBuilder intercept(ServerInterceptor interceptor) {
    interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
    return this;
  }

  /** Who may connect (default {@link Handshake#sameUser()}). */
  public TtrpcServerBuilder handshake(Handshake handshake) {
    this.handshake = Objects.requireNonNull(handshake, "handshake");
    return this;
  }

  /** Where handlers run (default: a virtual thread per call where available). The server does not shut it down. */
  public TtrpcServerBuilder executor(Executor executor) {
    this.executor = Objects.requireNonNull(executor, "executor");
    return this;
  }

  /** The largest message accepted or sent, in bytes (default 4 MiB). */
  public TtrpcServerBuilder maxMessageSize(int bytes) {
    this.maxMessageSize = positive(bytes, "maxMessageSize");
    return this;
  }

  /** Calls served at once on one connection; more get RESOURCE_EXHAUSTED (default 1024). */
  public TtrpcServerBuilder maxCallsPerConnection(int calls) {
    this.maxCallsPerConnection = positive(calls, "maxCallsPerConnection");
    return this;
  }

  /** Connections open at once; calls on more get RESOURCE_EXHAUSTED (default 1024). */
  public TtrpcServerBuilder maxConnections(int connections) {
    this.maxConnections = positive(connections, "maxConnections");
    return this;
  }

  /** Client messages buffered per stream for a slow handler before the stream fails (default 128). */
  public TtrpcServerBuilder streamBufferMessages(int messages) {
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
  public TtrpcServerBuilder maxBytesInFlightPerConnection(long bytes) {
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
  public TtrpcServerBuilder directExecutor(boolean enabled) {
    this.directUnary = enabled;
    return this;
  }

  /**
   * Metadata entries a request may carry (default 64); more get RESOURCE_EXHAUSTED on its stream, and the
   * connection goes on. containerd sends one or two; the bound keeps a request of tiny entries from costing far
   * more memory than its bytes. See {@link MetadataLimits}.
   */
  public TtrpcServerBuilder maxMetadataEntries(int entries) {
    this.maxMetadataEntries = positive(entries, "maxMetadataEntries");
    return this;
  }

  /** Bytes of metadata keys plus values a request may carry (default 16 KiB); more get RESOURCE_EXHAUSTED. */
  public TtrpcServerBuilder maxMetadataBytes(int bytes) {
    this.maxMetadataBytes = positive(bytes, "maxMetadataBytes");
    return this;
  }

  /** The listen backlog (default 128). */
  public TtrpcServerBuilder backlog(int backlog) {
    this.backlog = positive(backlog, "backlog");
    return this;
  }

  /** A server with these settings, not yet listening: call {@link TtrpcServer#start()}. */
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

  /** An executor with a virtual thread per task on JVMs that have them (21+), else a cached pool. */
  private static ExecutorService defaultExecutor() {
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
}
