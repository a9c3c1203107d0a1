package dev.ttrpc.spring.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Discovery of the shims containerd runs, from its state directory. */
@ConfigurationProperties("shim.discovery")
public class ShimDiscoveryProperties {
  /** Whether to discover shims from containerd's state directory. */
  private boolean enabled;

  /** Containerd's state directory; shims are read from 'io.containerd.runtime.v2.task/<namespace>/<id>/address'. */
  private Path stateDir = Path.of("/run/containerd");

  /** Namespaces to discover shims in; empty for all. */
  private Set<String> namespaces = new LinkedHashSet<>();

  /** Time between two reads of the state directory. */
  private Duration refreshInterval = Duration.ofSeconds(10);

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public Path getStateDir() {
    return stateDir;
  }

  public void setStateDir(Path stateDir) {
    this.stateDir = stateDir;
  }

  public Set<String> getNamespaces() {
    return namespaces;
  }

  public void setNamespaces(Set<String> namespaces) {
    this.namespaces = namespaces;
  }

  public Duration getRefreshInterval() {
    return refreshInterval;
  }

  public void setRefreshInterval(Duration refreshInterval) {
    this.refreshInterval = refreshInterval;
  }
}
