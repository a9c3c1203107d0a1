package dev.ttrpc.spring.observation;

import dev.ttrpc.Code;
import dev.ttrpc.MethodDescriptor;
import dev.ttrpc.server.ServerContext;
import io.micrometer.observation.Observation;

/** What an observation of one served call knows: the method, the call's context and, once it ended, its status. */
public class TtrpcServerObservationContext extends Observation.Context {
  private final MethodDescriptor<?, ?> method;
  private final ServerContext call;
  private volatile Code status = Code.UNKNOWN;

  public TtrpcServerObservationContext(MethodDescriptor<?, ?> method, ServerContext call) {
    this.method = method;
    this.call = call;
  }

  /** The method served. */
  public MethodDescriptor<?, ?> getMethod() {
    return method;
  }

  /** The call being served: its metadata, peer and deadline. */
  public ServerContext getCall() {
    return call;
  }

  /** The status code the call ended with; {@link Code#UNKNOWN} until it ended. */
  public Code getStatus() {
    return status;
  }

  public void setStatus(Code status) {
    this.status = status;
  }
}
