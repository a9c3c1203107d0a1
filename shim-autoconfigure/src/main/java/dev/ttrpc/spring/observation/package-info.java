/**
 * Micrometer support for shim clients: {@code ttrpc.client.requests} observations made by
 * {@link dev.ttrpc.spring.observation.ObservationClientInterceptor}, and connection gauges bound by
 * {@link dev.ttrpc.spring.observation.ShimClientMetrics}.
 */
@NullMarked
package dev.ttrpc.spring.observation;

import org.jspecify.annotations.NullMarked;
