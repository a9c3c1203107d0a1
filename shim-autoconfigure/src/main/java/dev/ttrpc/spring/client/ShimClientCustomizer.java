package dev.ttrpc.spring.client;

import dev.ttrpc.client.TtrpcClient;
import dev.ttrpc.client.TtrpcClientBuilder;

/**
 * Adjusts the builder of each shim's {@link TtrpcClient} after the registry applied the shim's settings and the
 * global interceptors, just before the client is built.
 */
@FunctionalInterface
public interface ShimClientCustomizer {
  /** Customizes the client of the shim named {@code shimName}. */
  void customize(String shimName, TtrpcClientBuilder builder);
}
