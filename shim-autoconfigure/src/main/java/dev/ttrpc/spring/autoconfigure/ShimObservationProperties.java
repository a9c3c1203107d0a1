package dev.ttrpc.spring.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings of the meters made of TTRPC call observations, under {@code shim.observations}. */
@ConfigurationProperties("shim.observations")
public class ShimObservationProperties {
  /**
   * Whether TTRPC call observations also keep a long-task timer ({@code ttrpc.client.requests.active},
   * {@code ttrpc.server.requests.active}) of the calls running, as Spring Boot does for other observations. Off by
   * default: Micrometer's long-task timer costs about 1 us per call with 16 callers (a shared list every call joins
   * and leaves; see docs/benchmarks.md), the {@code ttrpc.client.calls.in.flight} and
   * {@code ttrpc.client.calls.oldest} gauges tell how many calls wait and for how long at no cost per call, and
   * Boot's {@code management.metrics.observations.ignored-meters} still turns them off when on here.
   */
  private boolean longTaskTimers = false;

  public boolean isLongTaskTimers() {
    return longTaskTimers;
  }

  public void setLongTaskTimers(boolean longTaskTimers) {
    this.longTaskTimers = longTaskTimers;
  }
}
