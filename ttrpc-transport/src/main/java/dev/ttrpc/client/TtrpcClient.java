package dev.ttrpc.client;

import com.google.protobuf.MessageLite;
import dev.ttrpc.Code;
import dev.ttrpc.Metadata;
import dev.ttrpc.MethodDescriptor;
import dev.ttrpc.Status;
import dev.ttrpc.TtrpcException;
import dev.ttrpc.codec.Frames;
import dev.ttrpc.transport.Connector;
import dev.ttrpc.transport.TtrpcAddress;
import dev.ttrpc.transport.UnixConnector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A TTRPC client for one peer. Calls are multiplexed by stream id over one connection, or over
 * {@linkplain TtrpcClientBuilder#connections(int) several}, taken in turn; each connection moves to a fresh socket before its
 * stream ids run out, and (when enabled) re-dials with its own exponential backoff and jitter after the peer goes
 * away. Thread-safe; meant to be shared.
 *
 * <pre>{@code
 * try (TtrpcClient client = TtrpcClient.builder("unix:///run/containerd/s/abc").build()) {
 *   ConnectResponse r = client.call(TaskTtrpc.METHOD_CONNECT, request, CallOptions.timeout(Duration.ofSeconds(2)));
 * }
 * }</pre>
 */
public final class TtrpcClient implements AutoCloseable {
  private final ClientConfig config;
  private final CallOptions defaultOptions;
  private final ClientInterceptor.UnaryInvoker unaryChain;
  private final ClientInterceptor.StreamInvoker streamChain;
  private final ClientState state;
  private final ConnectionPool pool;

  TtrpcClient(ClientConfig config) {
    this.config = config;
    this.state = new ClientState(this, config.connections());
    this.pool = new ConnectionPool(config, state);
    this.defaultOptions = config.defaultTimeout() == null ? CallOptions.DEFAULT
        : CallOptions.timeout(config.defaultTimeout());
    ClientInterceptor.UnaryInvoker unary = new DirectUnary();
    ClientInterceptor.StreamInvoker stream = new DirectStream();
    List<ClientInterceptor> reversed = new ArrayList<>(config.interceptors());
    java.util.Collections.reverse(reversed);
    for (ClientInterceptor interceptor : reversed) {
      unary = chain(interceptor, unary);
      stream = chain(interceptor, stream);
    }
    this.unaryChain = unary;
    this.streamChain = stream;
  }

  /** A builder for a client of the peer at {@code address} (see {@link TtrpcAddress} for the forms). */
  public static TtrpcClientBuilder builder(String address) {
    return new TtrpcClientBuilder(TtrpcAddress.parse(address));
  }

  /** A builder for a client of the peer at {@code address}. */
  public static TtrpcClientBuilder builder(TtrpcAddress address) {
    return new TtrpcClientBuilder(address);
  }

  /**
   * Connects to {@code address} now, with default settings.
   *
   * @throws TtrpcException UNAVAILABLE when nothing answers there
   */
  public static TtrpcClient connect(String address) {
    return builder(address).connect();
  }

  // ---- calls

  /**
   * Makes a unary call and waits for its answer, with the client's default timeout if it has one.
   *
   * @throws TtrpcException with the status of a failed call
   */
  public <Q extends MessageLite, R extends MessageLite> R call(MethodDescriptor<Q, R> method, Q request) {
    return call(method, request, defaultOptions());
  }

  /**
   * Makes a unary call and waits for its answer or its deadline.
   *
   * @throws TtrpcException with the status of a failed call
   */
  public <Q extends MessageLite, R extends MessageLite> R call(
      MethodDescriptor<Q, R> method, Q request, CallOptions options) {
    CompletableFuture<R> future = callAsync(method, request, options);
    try {
      return future.get();
    } catch (ExecutionException e) {
      throw asTtrpcException(e.getCause());
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw TtrpcException.of(Code.CANCELLED, "interrupted while waiting for " + method.fullName());
    }
  }

  /** Makes a unary call without waiting, with the client's default timeout if it has one. */
  public <Q extends MessageLite, R extends MessageLite> CompletableFuture<R> callAsync(
      MethodDescriptor<Q, R> method, Q request) {
    return callAsync(method, request, defaultOptions());
  }

  /**
   * Makes a unary call without waiting. The future fails with a {@link TtrpcException}; cancelling it abandons the
   * call. Continuations without an executor run on the connection's I/O thread: keep them short or use the
   * {@code *Async} variants.
   */
  public <Q extends MessageLite, R extends MessageLite> CompletableFuture<R> callAsync(
      MethodDescriptor<Q, R> method, Q request, CallOptions options) {
    Objects.requireNonNull(request, "request");
    if (!method.type().isUnary()) {
      throw new IllegalArgumentException(method + " is not unary; use openStream");
    }
    return unaryChain.invoke(method, request, options);
  }

  /** Opens a client- or bidirectional-streaming call. */
  public <Q extends MessageLite, R extends MessageLite> ClientStream<Q, R> openStream(
      MethodDescriptor<Q, R> method, CallOptions options) {
    if (!method.type().clientStreams()) {
      throw new IllegalArgumentException(method + " does not stream requests; use openStream(method, request)");
    }
    return streamChain.open(method, null, options);
  }

  /** Opens a server-streaming call with its one request. */
  public <Q extends MessageLite, R extends MessageLite> ClientStream<Q, R> openStream(
      MethodDescriptor<Q, R> method, Q request, CallOptions options) {
    Objects.requireNonNull(request, "request");
    if (method.type() != dev.ttrpc.MethodType.SERVER_STREAMING) {
      throw new IllegalArgumentException(method + " is not server-streaming");
    }
    return streamChain.open(method, request, options);
  }

  /** Options carrying the client's default timeout, if any. */
  public CallOptions defaultOptions() {
    return defaultOptions;
  }

  // ---- connection state

  /** The best of the connections' states: READY if any is READY, else CONNECTING, FAILED, IDLE in that order. */
  public ConnectivityState state() {
    return state.get();
  }

  /** Why a connection of the client last failed to dial or was lost; null if none ever was. */
  public Throwable lastError() {
    return state.lastError();
  }

  /** Connections re-established after a loss, summed over the client's connections. */
  public long reconnects() {
    return pool.reconnects();
  }

  /** Calls started and not finished, summed over the client's connections. */
  public int callsInFlight() {
    return pool.callsInFlight();
  }

  /**
   * How long the oldest unary call still waiting for its answer has waited, {@link Duration#ZERO} when none waits: a
   * shim that stopped answering shows here long before any deadline. Streams, which may rightly stay open for hours,
   * do not count. Walks the calls in flight; meant for a metrics scrape, not for every call.
   */
  public Duration oldestUnaryCallAge() {
    return Duration.ofNanos(pool.oldestUnaryCallAge(System.nanoTime()));
  }

  public TtrpcAddress address() {
    return config.address();
  }

  /** Listens to changes of {@link #state()}, not to a connection's change that leaves that state as it was. */
  public void addStateListener(StateListener listener) {
    state.addListener(listener);
  }

  public void removeStateListener(StateListener listener) {
    state.removeListener(listener);
  }

  /**
   * Dials every connection that is not connected.
   *
   * @throws TtrpcException UNAVAILABLE when a dial fails
   */
  public void connectNow() {
    pool.connectAll();
  }

  /** Closes every connection; calls in flight fail with UNAVAILABLE and later calls are refused. */
  @Override
  public void close() {
    pool.close();
    state.closed();
  }

  // ---- internals

  private Metadata metadataFor(CallOptions options) {
    return config.defaultMetadata().merge(options.metadata());
  }

  static TtrpcException asTtrpcException(Throwable t) {
    if (t instanceof TtrpcException e) {
      return e;
    }
    return new TtrpcException(Status.of(Code.UNKNOWN, String.valueOf(t)), t);
  }

  private static ClientInterceptor.UnaryInvoker chain(ClientInterceptor interceptor,
      ClientInterceptor.UnaryInvoker next) {
    return new ClientInterceptor.UnaryInvoker() {
      @Override
      public <Q extends MessageLite, R extends MessageLite> CompletableFuture<R> invoke(
          MethodDescriptor<Q, R> method, Q request, CallOptions options) {
        return interceptor.interceptUnary(method, request, options, next);
      }
    };
  }

  private static ClientInterceptor.StreamInvoker chain(ClientInterceptor interceptor,
      ClientInterceptor.StreamInvoker next) {
    return new ClientInterceptor.StreamInvoker() {
      @Override
      public <Q extends MessageLite, R extends MessageLite> ClientStream<Q, R> open(
          MethodDescriptor<Q, R> method, Q firstRequest, CallOptions options) {
        return interceptor.interceptStream(method, firstRequest, options, next);
      }
    };
  }

  private final class DirectUnary implements ClientInterceptor.UnaryInvoker {
    @Override
    public <Q extends MessageLite, R extends MessageLite> CompletableFuture<R> invoke(
        MethodDescriptor<Q, R> method, Q request, CallOptions options) {
      ClientConnection c;
      try {
        c = pool.admit();
      } catch (TtrpcException e) {
        return CompletableFuture.failedFuture(e);
      }
      return new UnaryCall<>(c, method, request, options.resolve(), metadataFor(options)).start();
    }
  }

  private final class DirectStream implements ClientInterceptor.StreamInvoker {
    @Override
    public <Q extends MessageLite, R extends MessageLite> ClientStream<Q, R> open(
        MethodDescriptor<Q, R> method, Q firstRequest, CallOptions options) {
      return new StreamCall<>(pool.admit(), method, firstRequest, options.resolve(), metadataFor(options)).start();
    }
  }
}
