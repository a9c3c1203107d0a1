/**
 * Micrometer support for shim clients and servers: {@code ttrpc.client.requests} observations made by
 * {@link dev.ttrpc.spring.observation.ObservationClientInterceptor}, {@code ttrpc.server.requests} observations made by
 * {@link dev.ttrpc.spring.observation.ObservationServerInterceptor}, and connection gauges bound by
 * {@link dev.ttrpc.spring.observation.ShimClientMetrics}.
 */
@NullMarked
package dev.ttrpc.spring.observation;

import org.jspecify.annotations.NullMarked;
