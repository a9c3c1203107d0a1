package dev.ttrpc.spring.health;

import dev.ttrpc.spring.client.ShimDiscovery;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health of discovery itself: how many shims it found and what was wrong in containerd's state directory at its last
 * refresh (an unreadable or garbage {@code address} file, a socket path too long, junk where shims belong), by file.
 * Such a file hides a shim, so it is shown here; it is not an outage of this application, so the status stays UP.
 */
public class ShimDiscoveryHealthIndicator implements HealthIndicator {
  private final ShimDiscovery discovery;

  public ShimDiscoveryHealthIndicator(ShimDiscovery discovery) {
    this.discovery = discovery;
  }

  @Override
  public Health health() {
    Map<String, String> problems = new TreeMap<>();
    for (Map.Entry<Path, String> problem : discovery.problems().entrySet()) {
      problems.put(problem.getKey().toString(), problem.getValue());
    }
    return Health.up().withDetail("discovered", discovery.discovered().size()).withDetail("problems", problems)
        .build();
  }
}
