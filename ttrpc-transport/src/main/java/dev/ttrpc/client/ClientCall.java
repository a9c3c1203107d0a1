package dev.ttrpc.client;

import dev.ttrpc.Status;

/** What a client connection needs of a call in flight: deliver its frames, or fail it. */
interface ClientCall {
  /** A Response frame for this call's stream; the connection has already forgotten the stream. */
  void onResponse(byte[] buf, int offset, int length, boolean owned);

  /** A Data frame; returns true when it ended the stream (remote-closed). */
  boolean onData(int flags, byte[] buf, int offset, int length, boolean owned);

  /** The call failed without a frame: connection lost, oversized answer, malformed frame. */
  void fail(Status status);
}
