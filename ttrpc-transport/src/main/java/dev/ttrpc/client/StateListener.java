package dev.ttrpc.client;

/** Told of each change of a client's {@link ConnectivityState}, on the thread that made the change. */
@FunctionalInterface
public interface StateListener {
  /**
   * @param cause why the client left READY or failed to dial; null otherwise
   */
  void stateChanged(TtrpcClient client, ConnectivityState from, ConnectivityState to, Throwable cause);
}
