package dev.ttrpc.spring.client;

import dev.ttrpc.client.Backoff;
import dev.ttrpc.transport.TtrpcAddress;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where a shim is and how to connect to it.
 *
 * @param address the shim's socket
 * @param namespace the containerd namespace sent with every call, or null to send none
 * @param connectTimeout how long a dial may take
 * @param callTimeout the deadline of calls made without explicit options, or null for none
 * @param maxMessageSize the largest message sent or accepted, in bytes
 * @param backoff how fast to re-dial after the shim goes away
 * @param eager whether to connect when the registry starts rather than on the first call
 * @param failOnUnreachable whether an eager connection that fails at startup fails the startup
 * @param connections how many connections the shim's client opens, at least 1 (see
 *     {@link dev.ttrpc.client.TtrpcClientBuilder#connections(int)})
 * @param containerId the id of the container whose task the shim runs, or null when unknown or many
 */
public record ShimEndpoint(TtrpcAddress address, @Nullable String namespace, Duration connectTimeout,
    @Nullable Duration callTimeout, int maxMessageSize, Backoff backoff, boolean eager, boolean failOnUnreachable,
    int connections, @Nullable String containerId) {

  public ShimEndpoint {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(backoff, "backoff");
    if (connections < 1) {
      throw new IllegalArgumentException("connections to " + address + " must be at least 1, got " + connections);
    }
  }

  /** An endpoint of no known container. */
  public ShimEndpoint(TtrpcAddress address, @Nullable String namespace, Duration connectTimeout,
      @Nullable Duration callTimeout, int maxMessageSize, Backoff backoff, boolean eager, boolean failOnUnreachable,
      int connections) {
    this(address, namespace, connectTimeout, callTimeout, maxMessageSize, backoff, eager, failOnUnreachable,
        connections, null);
  }

  /** An endpoint of no known container whose client opens one connection. */
  public ShimEndpoint(TtrpcAddress address, @Nullable String namespace, Duration connectTimeout,
      @Nullable Duration callTimeout, int maxMessageSize, Backoff backoff, boolean eager, boolean failOnUnreachable) {
    this(address, namespace, connectTimeout, callTimeout, maxMessageSize, backoff, eager, failOnUnreachable, 1);
  }
}
