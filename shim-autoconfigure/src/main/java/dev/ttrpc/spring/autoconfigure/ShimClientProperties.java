package dev.ttrpc.spring.autoconfigure;

import dev.ttrpc.transport.TtrpcAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/** Shim clients: settings every shim inherits, and the shims configured by name. */
@ConfigurationProperties("shim.client")
public class ShimClientProperties {
  /** Settings every shim inherits unless it overrides them. */
  private final Defaults defaults = new Defaults();

  /** Shims by name, each with its address and any setting it overrides. */
  private final Map<String, Shim> shims = new LinkedHashMap<>();

  public Defaults getDefaults() {
    return defaults;
  }

  public Map<String, Shim> getShims() {
    return shims;
  }

  /** Settings every shim inherits. */
  public static class Defaults {
    /** Containerd namespace sent with every call as metadata 'containerd-namespace-ttrpc'. */
    private String namespace = "default";

    /** Time a dial of a shim's socket may take. */
    private Duration connectTimeout = Duration.ofSeconds(5);

    /** Deadline of calls made without explicit call options. None by default. */
    private @Nullable Duration callTimeout;

    /** Largest message sent or accepted. */
    private DataSize maxMessageSize = DataSize.ofMegabytes(4);

    /** Whether to connect at startup rather than on the first call. */
    private boolean eager;

    /** Whether startup fails when an eager shim cannot be reached. */
    private boolean failOnUnreachable;

    /**
     * Connections per shim; must be at least 1. Calls are multiplexed over each and spread round-robin over the
     * ready ones. More than 1 keeps large messages from holding up small ones behind them on one socket, and spreads
     * the load over the shim's per-connection I/O threads.
     */
    private int connections = 1;

    /** Re-dialing after a shim goes away. */
    private final Reconnect reconnect = new Reconnect();

    public String getNamespace() {
      return namespace;
    }

    public void setNamespace(String namespace) {
      this.namespace = namespace;
    }

    public Duration getConnectTimeout() {
      return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
    }

    public @Nullable Duration getCallTimeout() {
      return callTimeout;
    }

    public void setCallTimeout(@Nullable Duration callTimeout) {
      this.callTimeout = callTimeout;
    }

    public DataSize getMaxMessageSize() {
      return maxMessageSize;
    }

    public void setMaxMessageSize(DataSize maxMessageSize) {
      this.maxMessageSize = maxMessageSize;
    }

    public boolean isEager() {
      return eager;
    }

    public void setEager(boolean eager) {
      this.eager = eager;
    }

    public boolean isFailOnUnreachable() {
      return failOnUnreachable;
    }

    public void setFailOnUnreachable(boolean failOnUnreachable) {
      this.failOnUnreachable = failOnUnreachable;
    }

    public int getConnections() {
      return connections;
    }

    public void setConnections(int connections) {
      this.connections = connections;
    }

    public Reconnect getReconnect() {
      return reconnect;
    }
  }

  /** Backoff between re-dials, growing from the initial to the maximum delay. */
  public static class Reconnect {
    /** Delay before the first re-dial. */
    private Duration initialBackoff = Duration.ofMillis(100);

    /** Longest delay between re-dials. */
    private Duration maxBackoff = Duration.ofSeconds(10);

    public Duration getInitialBackoff() {
      return initialBackoff;
    }

    public void setInitialBackoff(Duration initialBackoff) {
      this.initialBackoff = initialBackoff;
    }

    public Duration getMaxBackoff() {
      return maxBackoff;
    }

    public void setMaxBackoff(Duration maxBackoff) {
      this.maxBackoff = maxBackoff;
    }
  }

  /** One shim: its address, and settings that override the defaults (unset ones inherit them). */
  public static class Shim {
    /** Socket of the shim, as 'unix:///path' or 'unix://@abstract'. Required. */
    private @Nullable TtrpcAddress address;

    /** Containerd namespace sent with every call, overriding the default. */
    private @Nullable String namespace;

    /** Time a dial may take, overriding the default. */
    private @Nullable Duration connectTimeout;

    /** Deadline of calls made without explicit call options, overriding the default. */
    private @Nullable Duration callTimeout;

    /** Largest message sent or accepted, overriding the default. */
    private @Nullable DataSize maxMessageSize;

    /** Whether to connect at startup, overriding the default. */
    private @Nullable Boolean eager;

    /** Whether startup fails when this shim is eager and cannot be reached, overriding the default. */
    private @Nullable Boolean failOnUnreachable;

    /** Connections to this shim, overriding the default; must be at least 1. */
    private @Nullable Integer connections;

    /**
     * Id of the container whose task this shim runs, asked for in the 'shims' endpoint (State, Pids, Stats) and
     * health probes. Leave unset for a shim that runs many tasks: the endpoint then leaves the task out.
     */
    private @Nullable String containerId;

    /** Re-dialing after this shim goes away, overriding the defaults. */
    private final ShimReconnect reconnect = new ShimReconnect();

    public @Nullable TtrpcAddress getAddress() {
      return address;
    }

    public @Nullable String getContainerId() {
      return containerId;
    }

    public void setContainerId(@Nullable String containerId) {
      this.containerId = containerId;
    }

    public void setAddress(@Nullable TtrpcAddress address) {
      this.address = address;
    }

    public @Nullable String getNamespace() {
      return namespace;
    }

    public void setNamespace(@Nullable String namespace) {
      this.namespace = namespace;
    }

    public @Nullable Duration getConnectTimeout() {
      return connectTimeout;
    }

    public void setConnectTimeout(@Nullable Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
    }

    public @Nullable Duration getCallTimeout() {
      return callTimeout;
    }

    public void setCallTimeout(@Nullable Duration callTimeout) {
      this.callTimeout = callTimeout;
    }

    public @Nullable DataSize getMaxMessageSize() {
      return maxMessageSize;
    }

    public void setMaxMessageSize(@Nullable DataSize maxMessageSize) {
      this.maxMessageSize = maxMessageSize;
    }

    public @Nullable Boolean getEager() {
      return eager;
    }

    public void setEager(@Nullable Boolean eager) {
      this.eager = eager;
    }

    public @Nullable Boolean getFailOnUnreachable() {
      return failOnUnreachable;
    }

    public void setFailOnUnreachable(@Nullable Boolean failOnUnreachable) {
      this.failOnUnreachable = failOnUnreachable;
    }

    public @Nullable Integer getConnections() {
      return connections;
    }

    public void setConnections(@Nullable Integer connections) {
      this.connections = connections;
    }

    public ShimReconnect getReconnect() {
      return reconnect;
    }
  }

  /** Backoff overrides of one shim. */
  public static class ShimReconnect {
    /** Delay before the first re-dial, overriding the default. */
    private @Nullable Duration initialBackoff;

    /** Longest delay between re-dials, overriding the default. */
    private @Nullable Duration maxBackoff;

    public @Nullable Duration getInitialBackoff() {
      return initialBackoff;
    }

    public void setInitialBackoff(@Nullable Duration initialBackoff) {
      this.initialBackoff = initialBackoff;
    }

    public @Nullable Duration getMaxBackoff() {
      return maxBackoff;
    }

    public void setMaxBackoff(@Nullable Duration maxBackoff) {
      this.maxBackoff = maxBackoff;
    }
  }
}
