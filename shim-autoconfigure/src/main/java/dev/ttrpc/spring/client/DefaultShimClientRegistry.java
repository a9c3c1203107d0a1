package dev.ttrpc.spring.client;

import dev.ttrpc.Metadata;
import dev.ttrpc.TtrpcException;
import dev.ttrpc.client.ClientInterceptor;
import dev.ttrpc.client.TtrpcClient;
import dev.ttrpc.client.TtrpcClientBuilder;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

/**
 * The default {@link ShimClientRegistry}: builds each shim's client on first use (or at {@link #start()} for eager
 * shims) with the shim's settings, the global interceptors (in the given order, the first outermost), the per-shim
 * interceptors of the {@link ShimClientInterceptorFactory factories} and the customizers. Clients re-dial with backoff after a shim goes away. {@link #stop()} closes every client; a later call
 * builds a fresh one. {@link #destroy()} closes the registry for good.
 */
public class DefaultShimClientRegistry implements ShimClientRegistry, SmartLifecycle, DisposableBean {
  /** Starts early and stops late, so that clients outlive the servers and schedulers that use them. */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

  private static final Log log = LogFactory.getLog(DefaultShimClientRegistry.class);

  private final Map<String, Entry> shims = new ConcurrentHashMap<>();
  private final List<ShimRegistryListener> listeners = new CopyOnWriteArrayList<>();
  private final List<ClientInterceptor> interceptors;
  private final List<ShimClientCustomizer> customizers;
  private final List<ShimClientInterceptorFactory> interceptorFactories;
  private volatile boolean running;
  private volatile boolean closed;

  /** A registry of {@code shims}, whose clients get {@code interceptors} and {@code customizers} in order. */
  public DefaultShimClientRegistry(Map<String, ShimEndpoint> shims, List<ClientInterceptor> interceptors,
      List<ShimClientCustomizer> customizers) {
    this(shims, interceptors, List.of(), customizers);
  }

  /**
   * A registry of {@code shims}, whose clients get {@code interceptors}, then one interceptor per shim from each of
   * {@code interceptorFactories}, in order, then {@code customizers}.
   */
  public DefaultShimClientRegistry(Map<String, ShimEndpoint> shims, List<ClientInterceptor> interceptors,
      List<ShimClientInterceptorFactory> interceptorFactories, List<ShimClientCustomizer> customizers) {
    this.interceptors = List.copyOf(interceptors);
    this.interceptorFactories = List.copyOf(interceptorFactories);
    this.customizers = List.copyOf(customizers);
    shims.forEach(this::register);
  }

  @Override
  public TtrpcClient client(String name) {
    if (closed) {
      throw new IllegalStateException("Shim client registry is closed");
    }
    Entry entry = shims.get(name);
    if (entry == null) {
      throw new NoSuchElementException("No shim named '" + name + "'; known: " + names());
    }
    return entry.client();
  }

  @Override
  public Optional<ShimEndpoint> endpoint(String name) {
    return Optional.ofNullable(shims.get(name)).map(e -> e.endpoint);
  }

  @Override
  public Set<String> names() {
    return Collections.unmodifiableSet(new TreeSet<>(shims.keySet()));
  }

  @Override
  public boolean register(String name, ShimEndpoint endpoint) {
    if (closed) {
      throw new IllegalStateException("Shim client registry is closed");
    }
    Entry entry = new Entry(name, endpoint);
    if (shims.putIfAbsent(name, entry) != null) {
      return false;
    }
    listeners.forEach(l -> l.shimAdded(name, endpoint));
    if (running && endpoint.eager()) {
      connect(entry, false);
    }
    return true;
  }

  @Override
  public boolean unregister(String name) {
    Entry entry = shims.remove(name);
    if (entry == null) {
      return false;
    }
    entry.close();
    listeners.forEach(l -> l.shimRemoved(name));
    return true;
  }

  @Override
  public void addListener(ShimRegistryListener listener) {
    listeners.add(listener);
  }

  @Override
  public void removeListener(ShimRegistryListener listener) {
    listeners.remove(listener);
  }

  /** Connects the eager shims; throws if one that must be reachable is not. */
  @Override
  public void start() {
    running = true;
    shims.values().stream().filter(e -> e.endpoint.eager()).forEach(e -> connect(e, e.endpoint.failOnUnreachable()));
  }

  @Override
  public void stop() {
    running = false;
    shims.values().forEach(Entry::close);
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  @Override
  public void destroy() {
    closed = true;
    stop();
  }

  /** Builds a shim's client; override to change how. */
  protected TtrpcClient createClient(String name, ShimEndpoint endpoint) {
    TtrpcClientBuilder builder = TtrpcClient.builder(endpoint.address())
        .connectTimeout(endpoint.connectTimeout())
        .maxMessageSize(endpoint.maxMessageSize())
        .reconnect(true, endpoint.backoff())
        .connections(endpoint.connections());
    if (endpoint.namespace() != null) {
      builder.defaultMetadata(Metadata.of(NAMESPACE_METADATA_KEY, endpoint.namespace()));
    }
    if (endpoint.callTimeout() != null) {
      builder.defaultTimeout(endpoint.callTimeout());
    }
    interceptors.forEach(builder::intercept);
    interceptorFactories.forEach(f -> builder.intercept(f.create(name)));
    customizers.forEach(c -> c.customize(name, builder));
    return builder.build();
  }

  private void connect(Entry entry, boolean required) {
    try {
      entry.client().connectNow();
    } catch (TtrpcException e) {
      if (required) {
        throw new IllegalStateException("Shim '" + entry.name + "' at " + entry.endpoint.address()
            + " cannot be reached: " + e.getMessage(), e);
      }
      log.warn("Shim '" + entry.name + "' at " + entry.endpoint.address() + " cannot be reached yet: "
          + e.getMessage());
    }
  }

  private final class Entry {
    final String name;
    final ShimEndpoint endpoint;
    private @Nullable TtrpcClient client;

    Entry(String name, ShimEndpoint endpoint) {
      this.name = name;
      this.endpoint = endpoint;
    }

    synchronized TtrpcClient client() {
      if (client == null) {
        client = createClient(name, endpoint);
      }
      return client;
    }

    synchronized void close() {
      if (client != null) {
        client.close();
        client = null;
      }
    }
  }
}
