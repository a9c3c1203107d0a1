package dev.ttrpc.codec;

/** Receives what a {@link FrameDecoder} reads, on the connection's reading thread. */
public interface FrameSink {
  /**
   * A complete frame. {@code payload[offset, offset+length)} is valid only during this call unless {@code owned},
   * in which case the array belongs to this frame alone and may be kept (and aliased by parsed messages).
   */
  void onFrame(int streamId, int type, int flags, byte[] payload, int offset, int length, boolean owned);

  /**
   * A frame whose declared length exceeds the limit. Its payload is skipped without being buffered; the connection
   * stays usable.
   */
  void onOversizedFrame(int streamId, int type, int flags, long length, int limit);
}
