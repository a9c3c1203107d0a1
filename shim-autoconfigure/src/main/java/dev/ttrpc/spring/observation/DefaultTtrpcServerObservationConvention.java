package dev.ttrpc.spring.observation;

import io.micrometer.common.KeyValues;

/**
 * Names the observation {@code ttrpc.server.requests}, with the low-cardinality keys {@code rpc.service},
 * {@code rpc.method} and {@code rpc.status} (the status code's name, {@code OK} on success).
 */
public class DefaultTtrpcServerObservationConvention implements TtrpcServerObservationConvention {
  /** The name of the observation. */
  public static final String NAME = "ttrpc.server.requests";

  /** The shared instance. */
  public static final DefaultTtrpcServerObservationConvention INSTANCE = new DefaultTtrpcServerObservationConvention();

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public String getContextualName(TtrpcServerObservationContext context) {
    return context.getMethod().fullName();
  }

  @Override
  public KeyValues getLowCardinalityKeyValues(TtrpcServerObservationContext context) {
    return context.defaultLowCardinalityKeyValues();
  }
}
