package dev.ttrpc.spring.client;

import dev.ttrpc.transport.TtrpcAddress;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What is known of one shim of a {@link ShimClientRegistry}, without dialling it.
 *
 * @param name the shim's name in the registry
 * @param source whether the shim was configured or discovered
 * @param namespace the containerd namespace sent with its calls, or null
 * @param containerId the id of the shim's container when known (discovered shims), else empty
 * @param address the shim's socket
 */
public record ShimInfo(String name, Source source, @Nullable String namespace, String containerId,
    TtrpcAddress address) {

  /** Where a shim came from. */
  public enum Source {
    /** Configured under {@code shim.client.shims.*} or registered by the application. */
    CONFIGURED,
    /** Found by {@link ShimDiscovery}. */
    DISCOVERED
  }

  /** The shim named {@code name}, or empty when the registry does not know it (any more). */
  public static Optional<ShimInfo> of(ShimClientRegistry registry, @Nullable ShimDiscovery discovery, String name) {
    return registry.endpoint(name).map(endpoint -> {
      boolean discovered = discovery != null && discovery.discovered().contains(name);
      String id = discovered ? name.substring(name.indexOf('/') + 1)
          : endpoint.containerId() != null ? endpoint.containerId() : "";
      return new ShimInfo(name, discovered ? Source.DISCOVERED : Source.CONFIGURED, endpoint.namespace(), id,
          endpoint.address());
    });
  }
}
