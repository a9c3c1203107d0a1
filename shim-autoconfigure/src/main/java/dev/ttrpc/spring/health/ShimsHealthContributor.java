package dev.ttrpc.spring.health;

import dev.ttrpc.TtrpcException;
import dev.ttrpc.client.CallOptions;
import dev.ttrpc.client.TtrpcClient;
import dev.ttrpc.shim.task.v2.ConnectRequest;
import dev.ttrpc.shim.task.v2.ConnectResponse;
import dev.ttrpc.shim.task.v2.TaskClient;
import dev.ttrpc.spring.client.ShimClientRegistry;
import dev.ttrpc.spring.client.ShimDiscovery;
import dev.ttrpc.spring.client.ShimInfo;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health of every shim of a {@link ShimClientRegistry}, one child per shim, built from the registry's names on each
 * call. A child probes its shim with a real {@code Connect} under a short deadline and keeps the answer for a while, so
 * that a busy health endpoint never floods a shim. A shim that cannot be reached is DOWN with the reason.
 */
public class ShimsHealthContributor implements CompositeHealthContributor {
  private final ShimClientRegistry registry;
  private final Supplier<@Nullable ShimDiscovery> discovery;
  private final Duration timeout;
  private final long ttlNanos;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  /**
   * @param discovery the discovery, if any, that tells discovered shims (and their container ids) apart
   * @param timeout the deadline of each probe
   * @param cacheTtl how long a probe's answer is reused
   */
  public ShimsHealthContributor(ShimClientRegistry registry, Supplier<@Nullable ShimDiscovery> discovery,
      Duration timeout, Duration cacheTtl) {
    this.registry = registry;
    this.discovery = discovery;
    this.timeout = timeout;
    this.ttlNanos = cacheTtl.toNanos();
  }

  @Override
  public @Nullable HealthContributor getContributor(String name) {
    return registry.names().contains(name) ? indicator(name) : null;
  }

  @Override
  public Stream<HealthContributors.Entry> stream() {
    cache.keySet().retainAll(registry.names());
    return registry.names().stream().map(name -> new HealthContributors.Entry(name, indicator(name)));
  }

  private HealthIndicator indicator(String name) {
    return () -> cache.computeIfAbsent(name, n -> new Cached()).get(() -> probe(name));
  }

  /** Probes the shim named {@code name} now, bypassing the cache. */
  protected Health probe(String name) {
    Optional<ShimInfo> info = ShimInfo.of(registry, discovery.get(), name);
    if (info.isEmpty()) {
      return Health.unknown().withDetail("error", "no shim named '" + name + "'").build();
    }
    ShimInfo shim = info.get();
    Health.Builder builder = Health.unknown().withDetail("address", shim.address().toString());
    if (shim.namespace() != null) {
      builder.withDetail("namespace", shim.namespace());
    }
    TtrpcClient client;
    try {
      client = registry.client(name);
    } catch (RuntimeException e) {
      return builder.down().withDetail("error", String.valueOf(e.getMessage())).build();
    }
    try {
      ConnectResponse response = TaskClient.of(client)
          .connect(ConnectRequest.newBuilder().setId(shim.containerId()).build(), CallOptions.timeout(timeout));
      return builder.up().withDetail("shimPid", response.getShimPid()).withDetail("taskPid", response.getTaskPid())
          .withDetail("version", response.getVersion()).withDetail("connectionState", client.state().name()).build();
    } catch (TtrpcException e) {
      builder.down().withDetail("code", e.code().name()).withDetail("message", e.status().message())
          .withDetail("connectionState", client.state().name());
      Throwable last = client.lastError();
      if (last != null) {
        builder.withDetail("lastError", String.valueOf(last));
      }
      return builder.build();
    }
  }

  private final class Cached {
    private @Nullable Health health;
    private long expiresAt;

    synchronized Health get(Supplier<Health> probe) {
      long now = System.nanoTime();
      if (health == null || now - expiresAt >= 0) {
        health = probe.get();
        expiresAt = System.nanoTime() + ttlNanos;
      }
      return health;
    }
  }
}
