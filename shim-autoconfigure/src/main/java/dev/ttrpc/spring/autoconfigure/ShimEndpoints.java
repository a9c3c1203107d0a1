package dev.ttrpc.spring.autoconfigure;

import dev.ttrpc.client.Backoff;
import dev.ttrpc.spring.client.ShimEndpoint;
import dev.ttrpc.transport.TtrpcAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.util.unit.DataSize;

/** Turns {@link ShimClientProperties} into {@link ShimEndpoint}s, each setting of a shim falling back to the default. */
final class ShimEndpoints {
  private static final String PREFIX = "shim.client.";

  private ShimEndpoints() {
  }

  /** The configured shims, by name. */
  static Map<String, ShimEndpoint> configured(ShimClientProperties properties) {
    ShimClientProperties.Defaults d = properties.getDefaults();
    int defaultConnections = connections(PREFIX + "defaults.connections", d.getConnections());
    Map<String, ShimEndpoint> endpoints = new LinkedHashMap<>();
    properties.getShims().forEach((name, s) -> {
      String prefix = PREFIX + "shims." + name + ".";
      TtrpcAddress address = s.getAddress();
      if (address == null) {
        throw new IllegalArgumentException(prefix + "address is required");
      }
      int connections = s.getConnections() != null ? connections(prefix + "connections", s.getConnections())
          : defaultConnections;
      endpoints.put(name, new ShimEndpoint(address, or(s.getNamespace(), d.getNamespace()),
          positive(s.getConnectTimeout() != null ? prefix + "connect-timeout" : PREFIX + "defaults.connect-timeout",
              or(s.getConnectTimeout(), d.getConnectTimeout())),
          positiveIfSet(s.getCallTimeout() != null ? prefix + "call-timeout" : PREFIX + "defaults.call-timeout",
              or(s.getCallTimeout(), d.getCallTimeout())),
          bytes(prefix + "max-message-size", or(s.getMaxMessageSize(), d.getMaxMessageSize())),
          backoff(prefix + "reconnect", or(s.getReconnect().getInitialBackoff(), d.getReconnect().getInitialBackoff()),
              or(s.getReconnect().getMaxBackoff(), d.getReconnect().getMaxBackoff())),
          or(s.getEager(), d.isEager()), or(s.getFailOnUnreachable(), d.isFailOnUnreachable()), connections,
          s.getContainerId()));
    });
    return endpoints;
  }

  /** A discovered shim of {@code namespace} at {@code address}, with the default settings. */
  static ShimEndpoint discovered(ShimClientProperties properties, String namespace, TtrpcAddress address) {
    ShimClientProperties.Defaults d = properties.getDefaults();
    return new ShimEndpoint(address, namespace, positive(PREFIX + "defaults.connect-timeout", d.getConnectTimeout()),
        positiveIfSet(PREFIX + "defaults.call-timeout", d.getCallTimeout()),
        bytes(PREFIX + "defaults.max-message-size", d.getMaxMessageSize()),
        backoff(PREFIX + "defaults.reconnect", d.getReconnect().getInitialBackoff(), d.getReconnect().getMaxBackoff()),
        false, false, connections(PREFIX + "defaults.connections", d.getConnections()));
  }

  private static int connections(String property, int connections) {
    if (connections < 1) {
      throw new IllegalArgumentException(property + " must be at least 1, got " + connections);
    }
    return connections;
  }

  /** A timeout of zero or less would fail every dial or call at once: it is refused at startup instead. */
  private static Duration positive(String property, Duration duration) {
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(property + " must be positive, got " + duration);
    }
    return duration;
  }

  /** As {@link #positive}, for a timeout that may be left unset. */
  private static @Nullable Duration positiveIfSet(String property, @Nullable Duration duration) {
    return duration == null ? null : positive(property, duration);
  }

  private static int bytes(String property, DataSize size) {
    if (size.toBytes() <= 0 || size.toBytes() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(property + " must be within [1B, 2GB), got " + size);
    }
    return (int) size.toBytes();
  }

  private static Backoff backoff(String property, Duration initial, Duration max) {
    try {
      return new Backoff(initial, max, Backoff.DEFAULT.multiplier(), Backoff.DEFAULT.jitter());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(property + ": " + e.getMessage(), e);
    }
  }

  private static <T> T or(@Nullable T value, T fallback) {
    return value != null ? value : fallback;
  }
}
