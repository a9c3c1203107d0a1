package dev.ttrpc.client;

/**
 * Told of each change of a client's {@link ConnectivityState}, in order, on a thread that made a change, holding no
 * lock of the client.
 */
@FunctionalInterface
public interface StateListener {
  /**
   * @param cause why the client left READY or failed to dial; null otherwise
   */
  void stateChanged(TtrpcClient client, ConnectivityState from, ConnectivityState to, Throwable cause);
}
