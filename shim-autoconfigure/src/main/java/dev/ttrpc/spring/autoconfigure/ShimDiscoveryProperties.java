package dev.ttrpc.spring.autoconfigure;

import dev.ttrpc.spring.client.SocketPathMapping;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
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

  /**
   * Where the socket paths written in address files are visible to this process, for an application that sees
   * containerd's sockets elsewhere (a node agent in a container with the host's /run/containerd mounted at
   * /host/run/containerd: from=/run/containerd, to=/host/run/containerd). The mapping with the longest matching
   * 'from' wins; paths no mapping matches are used as written.
   */
  private List<Mapping> socketPathMappings = new ArrayList<>();

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

  public List<Mapping> getSocketPathMappings() {
    return socketPathMappings;
  }

  public void setSocketPathMappings(List<Mapping> socketPathMappings) {
    this.socketPathMappings = socketPathMappings;
  }

  /**
   * The socket path mappings, checked.
   *
   * @throws IllegalArgumentException naming the mapping that lacks a path or has a relative one
   */
  List<SocketPathMapping> socketPathMappings() {
    List<SocketPathMapping> mappings = new ArrayList<>();
    for (int i = 0; i < socketPathMappings.size(); i++) {
      Mapping m = socketPathMappings.get(i);
      String property = "shim.discovery.socket-path-mappings[" + i + "]";
      if (m.getFrom() == null || m.getTo() == null) {
        throw new IllegalArgumentException(property + " needs both 'from' and 'to'");
      }
      try {
        mappings.add(new SocketPathMapping(m.getFrom(), m.getTo()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(property + ": " + e.getMessage(), e);
      }
    }
    return mappings;
  }

  /** One socket path mapping: the prefix 'from' as written in address files is visible here at 'to'. */
  public static class Mapping {
    /** An absolute path prefix as written in containerd's address files, e.g. /run/containerd. */
    private @Nullable Path from;

    /** Where that path is visible to this process, e.g. /host/run/containerd. */
    private @Nullable Path to;

    public @Nullable Path getFrom() {
      return from;
    }

    public void setFrom(@Nullable Path from) {
      this.from = from;
    }

    public @Nullable Path getTo() {
      return to;
    }

    public void setTo(@Nullable Path to) {
      this.to = to;
    }
  }

  public Duration getRefreshInterval() {
    return refreshInterval;
  }

  public void setRefreshInterval(Duration refreshInterval) {
    this.refreshInterval = refreshInterval;
  }
}
