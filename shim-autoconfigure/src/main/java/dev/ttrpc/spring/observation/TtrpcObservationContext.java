package dev.ttrpc.spring.observation;

import dev.ttrpc.Code;
import dev.ttrpc.MethodDescriptor;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * What the observation of one TTRPC call knows on either side: the method and, once the call ended, its status.
 *
 * <p>It also carries the key values the default conventions give it, built once per method and status rather than
 * twice per call, and the state {@link TtrpcMeterObservationHandler} keeps between start and stop in fields rather
 * than in the context's map: both are on every call's path.
 */
public abstract class TtrpcObservationContext extends Observation.Context {
  private final MethodDescriptor<?, ?> method;
  private final StatusKeyValues defaultKeyValues;
  private volatile Code status = Code.UNKNOWN;
  // Written where the call starts, read where it ends: often two threads.
  volatile long startNanos;
  volatile LongTaskTimer.@Nullable Sample activeSample;

  TtrpcObservationContext(MethodDescriptor<?, ?> method, StatusKeyValues defaultKeyValues) {
    this.method = method;
    this.defaultKeyValues = defaultKeyValues;
  }

  /** The method called. */
  public MethodDescriptor<?, ?> getMethod() {
    return method;
  }

  /** The status code the call ended with; {@link Code#UNKNOWN} until it ended. */
  public Code getStatus() {
    return status;
  }

  public void setStatus(Code status) {
    this.status = status;
  }

  /** The default convention's low-cardinality key values for the status as it is now. */
  KeyValues defaultLowCardinalityKeyValues() {
    return defaultKeyValues.forStatus(status);
  }
}
