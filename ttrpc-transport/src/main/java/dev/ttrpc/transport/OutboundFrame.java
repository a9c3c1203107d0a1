package dev.ttrpc.transport;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A frame waiting to be written. The connection's writer encodes it straight into its output buffer, in queue
 * order, on whichever thread is draining the queue; an instance is queued once.
 */
public abstract class OutboundFrame {
  /** The queue link; only {@link FrameQueue} touches it. */
  volatile OutboundFrame next;
  /** What the writer counted for this frame in its queued bytes; only {@link FrameWriter} touches it. */
  int counted;

  /**
   * The bytes this frame holds while it waits to be written, counted in the connection's
   * {@link Connection#queuedBytes() queued bytes}; 0 (the default) for a frame too small to matter or whose size is
   * not known before {@link #beforeWrite()}. Read once, when the frame is queued.
   */
  protected int queuedSize() {
    return 0;
  }

  /**
   * Called by the writer just before encoding, in wire order, so that a stream id taken here is increasing on the
   * wire. Returning false drops the frame (for example, its call already timed out while queued).
   */
  protected boolean beforeWrite() {
    return true;
  }

  /** The stream id, read after {@link #beforeWrite()}. */
  protected abstract int streamId();

  protected abstract int type();

  protected abstract int flags();

  /** The payload length, read after {@link #beforeWrite()}. */
  protected abstract int payloadLength();

  /** Writes exactly {@link #payloadLength()} bytes at {@code out}'s position, advancing it. */
  protected abstract void writePayload(ByteBuffer out) throws IOException;

  /** The frame will never be written: the connection failed or closed first. */
  protected void dropped(Throwable cause) {}
}
