package dev.ttrpc.client;

import dev.ttrpc.Metadata;
import dev.ttrpc.TtrpcException;
import dev.ttrpc.codec.Frames;
import dev.ttrpc.transport.Connector;
import dev.ttrpc.transport.TtrpcAddress;
import dev.ttrpc.transport.UnixConnector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Settings of a {@link TtrpcClient}; from {@link TtrpcClient#builder(String)}. */
public final class TtrpcClientBuilder {
  private final TtrpcAddress address;
  private Connector connector = UnixConnector.INSTANCE;
  private Duration connectTimeout = Duration.ofSeconds(5);
  private int maxMessageSize = Frames.DEFAULT_MAX_MESSAGE_SIZE;
  private Metadata defaultMetadata = Metadata.empty();
  private Duration defaultTimeout;
  private final List<ClientInterceptor> interceptors = new ArrayList<>();
  private boolean reconnect = true;
  private Backoff backoff = Backoff.DEFAULT;
  private int streamBufferMessages = 128;
  private long maxCallsPerConnection = (Integer.MAX_VALUE - 1) / 2;
  private int connections = 1;
  private final List<StateListener> listeners = new ArrayList<>();
  private dev.ttrpc.MetadataLimits metadataLimits = dev.ttrpc.MetadataLimits.DEFAULT;

  TtrpcClientBuilder(TtrpcAddress address) {
    this.address = Objects.requireNonNull(address, "address");
  }

  /** How the socket is opened (default: junixsocket). */
  public TtrpcClientBuilder connector(Connector connector) {
    this.connector = Objects.requireNonNull(connector, "connector");
    return this;
  }

  public TtrpcClientBuilder connectTimeout(Duration timeout) {
    this.connectTimeout = positive(timeout, "connectTimeout");
    return this;
  }

  /** The largest message sent or accepted, in bytes (default 4 MiB). */
  public TtrpcClientBuilder maxMessageSize(int bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("maxMessageSize must be positive, got " + bytes);
    }
    this.maxMessageSize = bytes;
    return this;
  }

  /** Metadata sent with every call, before the call's own (e.g. containerd's namespace header). */
  public TtrpcClientBuilder defaultMetadata(Metadata metadata) {
    this.defaultMetadata = metadata.frozen();
    return this;
  }

  /** The deadline of calls made without {@link CallOptions} (default: none). */
  public TtrpcClientBuilder defaultTimeout(Duration timeout) {
    this.defaultTimeout = positive(timeout, "defaultTimeout");
    return this;
  }

  /** Adds an interceptor; the first added is outermost. */
  public TtrpcClientBuilder intercept(ClientInterceptor interceptor) {
    interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
    return this;
  }

  /** Whether to re-dial after the peer goes away (default true), and how fast. */
  public TtrpcClientBuilder reconnect(boolean enabled, Backoff backoff) {
    this.reconnect = enabled;
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    return this;
  }

  /** Messages a stream buffers for a slow receiver before it fails with RESOURCE_EXHAUSTED (default 128). */
  public TtrpcClientBuilder streamBufferMessages(int messages) {
    if (messages <= 0) {
      throw new IllegalArgumentException("streamBufferMessages must be positive, got " + messages);
    }
    this.streamBufferMessages = messages;
    return this;
  }

  /**
   * Calls one connection carries before it moves to a fresh socket (default: until odd stream ids would pass
   * 2^31). Lower it only to test the rollover.
   */
  public TtrpcClientBuilder maxCallsPerConnection(long calls) {
    if (calls <= 0 || calls > (Integer.MAX_VALUE - 1) / 2) {
      throw new IllegalArgumentException("maxCallsPerConnection must be within [1, 2^30), got " + calls);
    }
    this.maxCallsPerConnection = calls;
    return this;
  }

  /**
   * How many connections to open to the peer (default 1). Calls go out on the READY ones in turn; a call never
   * waits for a connection that is dialling while another is READY; each connection re-dials with its own backoff
   * after a loss, and the client is READY while any connection is.
   *
   * <p>One connection carries any number of concurrent calls, so more are rarely needed. They help when large
   * messages would hold up the small ones queued behind them on a single socket (head-of-line blocking), and when
   * the server reads and writes each connection on its own I/O thread, so that one connection caps a busy client
   * at what one server thread can move.
   */
  public TtrpcClientBuilder connections(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("connections must be at least 1, got " + n);
    }
    this.connections = n;
    return this;
  }

  /**
   * The most metadata a call may send (default {@link dev.ttrpc.MetadataLimits#DEFAULT}, a server's default): a
   * call over it fails at once with RESOURCE_EXHAUSTED, before anything is written.
   */
  public TtrpcClientBuilder metadataLimits(int maxEntries, int maxBytes) {
    this.metadataLimits = new dev.ttrpc.MetadataLimits(maxEntries, maxBytes);
    return this;
  }

  public TtrpcClientBuilder stateListener(StateListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return this;
  }

  /** The client, not connected yet: the first call dials. */
  public TtrpcClient build() {
    TtrpcClient client = new TtrpcClient(new ClientConfig(address, connector, connectTimeout, maxMessageSize,
        defaultMetadata, defaultTimeout, List.copyOf(interceptors), reconnect, backoff, streamBufferMessages,
        maxCallsPerConnection, connections, metadataLimits));
    listeners.forEach(client::addStateListener);
    return client;
  }

  /**
   * The client, connected.
   *
   * @throws TtrpcException UNAVAILABLE when the dial fails
   */
  public TtrpcClient connect() {
    TtrpcClient client = build();
    try {
      client.connectNow();
    } catch (TtrpcException e) {
      client.close();
      throw e;
    }
    return client;
  }

  private static Duration positive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
    return d;
  }
}
