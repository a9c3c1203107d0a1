package dev.ttrpc.spring.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/** Names and tags the observations of served calls; a bean of this type replaces the default convention. */
public interface TtrpcServerObservationConvention extends ObservationConvention<TtrpcServerObservationContext> {

  @Override
  default boolean supportsContext(Observation.Context context) {
    return context instanceof TtrpcServerObservationContext;
  }
}
