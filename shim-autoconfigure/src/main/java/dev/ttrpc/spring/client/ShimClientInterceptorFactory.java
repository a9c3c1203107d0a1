package dev.ttrpc.spring.client;

import dev.ttrpc.client.ClientInterceptor;

/**
 * Makes an interceptor for one shim's client, for interceptors that need to know which shim they serve (metrics,
 * tracing). The registry applies them after the global {@link ClientInterceptor}s, in order.
 */
@FunctionalInterface
public interface ShimClientInterceptorFactory {
  /** The interceptor of the client of the shim named {@code shimName}. */
  ClientInterceptor create(String shimName);
}
