package dev.ttrpc.bench.starter;

import dev.ttrpc.client.Backoff;
import dev.ttrpc.client.TtrpcClient;
import dev.ttrpc.spring.client.DefaultShimClientRegistry;
import dev.ttrpc.spring.client.ShimEndpoint;
import dev.ttrpc.spring.observation.ObservationClientInterceptor;
import dev.ttrpc.spring.observation.TtrpcMeterObservationHandler;
import dev.ttrpc.transport.TtrpcAddress;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The starter's client path without a Spring context, wired as its auto-configuration wires it: a
 * {@link DefaultShimClientRegistry} whose shim client gets a user interceptor (global) and, from the per-shim
 * factory of {@code ShimObservationAutoConfiguration}, an {@link ObservationClientInterceptor} on an
 * {@link ObservationRegistry} whose meter handlers record into a {@link SimpleMeterRegistry}: the starter's
 * {@link TtrpcMeterObservationHandler} ahead of Micrometer's {@link DefaultMeterObservationHandler}, as Spring Boot's
 * defaults and the starter's auto-configuration group them in an application with the actuator. The shim's settings are the starter's
 * defaults (namespace {@code default}, 5 s connect timeout, no call timeout, 4 MiB messages, default backoff).
 */
final class StarterClientPath implements AutoCloseable {
  static final String SHIM = "bench";
  static final String NAMESPACE = "default";

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final CountingInterceptor userInterceptor = new CountingInterceptor();
  private final DefaultShimClientRegistry registry;
  private final boolean longTaskTimers;

  /**
   * @param observe whether the observation interceptor is on; without it the path shows what the registry and the
   *     user interceptor alone cost
   * @param longTaskTimers whether TTRPC observations keep long-task timers ({@code shim.observations.long-task-timers},
   *     off by default)
   */
  StarterClientPath(Path socket, boolean observe, boolean longTaskTimers) {
    this.longTaskTimers = longTaskTimers;
    ObservationRegistry observations = ObservationRegistry.create();
    // As Spring Boot groups meter handlers: the first that supports an observation handles it.
    observations.observationConfig().observationHandler(new FirstMatchingCompositeObservationHandler(
        new TtrpcMeterObservationHandler(meters, longTaskTimers), new DefaultMeterObservationHandler(meters)));
    ShimEndpoint endpoint = new ShimEndpoint(TtrpcAddress.file(socket), NAMESPACE, Duration.ofSeconds(5), null,
        4 << 20, Backoff.DEFAULT, true, true);
    registry = new DefaultShimClientRegistry(Map.of(SHIM, endpoint), List.of(userInterceptor),
        observe ? List.of(shim -> new ObservationClientInterceptor(shim, observations, null)) : List.of(), List.of());
    registry.start();
  }

  boolean longTaskTimers() {
    return longTaskTimers;
  }

  TtrpcClient client() {
    return registry.client(SHIM);
  }

  /** Calls the observation recorded in its timer, as a check that the path really observed them. */
  long observedCalls() {
    return meters.getMeters().stream()
        .filter(m -> m.getId().getName().startsWith("ttrpc.client.requests"))
        .filter(m -> m instanceof io.micrometer.core.instrument.Timer)
        .mapToLong(m -> ((io.micrometer.core.instrument.Timer) m).count())
        .sum();
  }

  long userInterceptorCalls() {
    return userInterceptor.calls();
  }

  @Override
  public void close() {
    registry.destroy();
  }
}
