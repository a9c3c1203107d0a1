package dev.ttrpc.spring.observation;

import dev.ttrpc.MethodDescriptor;
import dev.ttrpc.server.ServerContext;
import io.micrometer.common.KeyValues;

/** What an observation of one served call knows: the method, the call's context and, once it ended, its status. */
public class TtrpcServerObservationContext extends TtrpcObservationContext {
  private final ServerContext call;

  public TtrpcServerObservationContext(MethodDescriptor<?, ?> method, ServerContext call) {
    this(method, call, defaultKeyValues(method));
  }

  TtrpcServerObservationContext(MethodDescriptor<?, ?> method, ServerContext call, StatusKeyValues defaultKeyValues) {
    super(method, defaultKeyValues);
    this.call = call;
  }

  /** The call being served: its metadata, peer and deadline. */
  public ServerContext getCall() {
    return call;
  }

  /** The key values of {@link DefaultTtrpcServerObservationConvention} for calls of this method. */
  static StatusKeyValues defaultKeyValues(MethodDescriptor<?, ?> method) {
    return new StatusKeyValues(KeyValues.of("rpc.service", method.service(), "rpc.method", method.method()));
  }
}
