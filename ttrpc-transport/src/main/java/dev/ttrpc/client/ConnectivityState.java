package dev.ttrpc.client;

/** Where a client stands with its peer. */
public enum ConnectivityState {
  /** Not connected yet; the first call dials. */
  IDLE,
  /** Dialling. */
  CONNECTING,
  /** Connected; calls go out at once. */
  READY,
  /** The last dial failed or the connection was lost; calls fail with UNAVAILABLE until a re-dial succeeds. */
  FAILED,
  /** Closed by its owner; calls fail. */
  CLOSED
}
