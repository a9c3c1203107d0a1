package dev.ttrpc.spring.observation;

import dev.ttrpc.MethodDescriptor;
import io.micrometer.common.KeyValues;

/** What an observation of one client call knows: the shim, the method and, once it ended, the call's status. */
public class TtrpcClientObservationContext extends TtrpcObservationContext {
  private final String shim;

  public TtrpcClientObservationContext(String shim, MethodDescriptor<?, ?> method) {
    this(shim, method, defaultKeyValues(shim, method));
  }

  TtrpcClientObservationContext(String shim, MethodDescriptor<?, ?> method, StatusKeyValues defaultKeyValues) {
    super(method, defaultKeyValues);
    this.shim = shim;
  }

  /** The name of the shim called. */
  public String getShim() {
    return shim;
  }

  /** The key values of {@link DefaultTtrpcClientObservationConvention} for calls of this shim's method. */
  static StatusKeyValues defaultKeyValues(String shim, MethodDescriptor<?, ?> method) {
    return new StatusKeyValues(
        KeyValues.of("rpc.service", method.service(), "rpc.method", method.method(), "shim", shim));
  }
}
