package dev.ttrpc.spring.autoconfigure;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings of the shims' health probes and of the {@code shims} actuator endpoint, under {@code shim.health}. */
@ConfigurationProperties("shim.health")
public class ShimHealthProperties {
  /** Deadline of each shim probe (Connect) and of each call of the shims endpoint (State, Pids, Stats). */
  private Duration timeout = Duration.ofSeconds(2);

  /** How long a shim probe's answer is reused before the shim is asked again. */
  private Duration cacheTtl = Duration.ofSeconds(5);

  public Duration getTimeout() {
    return timeout;
  }

  public void setTimeout(Duration timeout) {
    this.timeout = timeout;
  }

  public Duration getCacheTtl() {
    return cacheTtl;
  }

  public void setCacheTtl(Duration cacheTtl) {
    this.cacheTtl = cacheTtl;
  }
}
