package dev.ttrpc.spring.observation;

import dev.ttrpc.Code;
import dev.ttrpc.MethodDescriptor;
import io.micrometer.observation.Observation;

/** What an observation of one client call knows: the shim, the method and, once it ended, the call's status. */
public class TtrpcClientObservationContext extends Observation.Context {
  private final String shim;
  private final MethodDescriptor<?, ?> method;
  private volatile Code status = Code.UNKNOWN;

  public TtrpcClientObservationContext(String shim, MethodDescriptor<?, ?> method) {
    this.shim = shim;
    this.method = method;
  }

  /** The name of the shim called. */
  public String getShim() {
    return shim;
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
}
