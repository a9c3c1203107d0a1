package dev.ttrpc.spring.observation;

import io.micrometer.common.KeyValues;

/**
 * Names the observation {@code ttrpc.client.requests}, with the low-cardinality keys {@code rpc.service},
 * {@code rpc.method}, {@code rpc.status} (the status code's name, {@code OK} on success) and {@code shim}.
 */
public class DefaultTtrpcClientObservationConvention implements TtrpcClientObservationConvention {
  /** The name of the observation. */
  public static final String NAME = "ttrpc.client.requests";

  /** The shared instance. */
  public static final DefaultTtrpcClientObservationConvention INSTANCE = new DefaultTtrpcClientObservationConvention();

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public String getContextualName(TtrpcClientObservationContext context) {
    return context.getMethod().fullName();
  }

  @Override
  public KeyValues getLowCardinalityKeyValues(TtrpcClientObservationContext context) {
    return context.defaultLowCardinalityKeyValues();
  }
}
