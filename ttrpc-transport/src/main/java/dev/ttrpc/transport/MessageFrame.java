package dev.ttrpc.transport;

import com.google.protobuf.MessageLite;
import dev.ttrpc.codec.Envelopes;
import dev.ttrpc.codec.Frames;
import java.io.IOException;
import java.nio.ByteBuffer;

/** A Data frame of a stream: one message (or none, for a bare close), not wrapped in an envelope. */
public final class MessageFrame extends OutboundFrame {
  /** The stream a frame belongs to; its id may be assigned only when its opening frame is written. */
  public interface Stream {
    int streamId();

    /** The stream ended before this frame could be written. */
    default void frameDropped(Throwable cause) {}
  }

  private final Stream stream;
  private final int flags;
  private final MessageLite message;
  private final int size;

  private MessageFrame(Stream stream, int flags, MessageLite message) {
    this.stream = stream;
    this.flags = flags;
    this.message = message;
    this.size = message == null ? 0 : message.getSerializedSize();
  }

  /** A frame carrying one message (possibly empty: a zero-length Data frame). */
  public static MessageFrame message(Stream stream, MessageLite message) {
    return new MessageFrame(stream, 0, message);
  }

  /** The sender's last frame on a stream: remote-closed with no data (flags 0x05), as Go writes it. */
  public static MessageFrame close(Stream stream) {
    return new MessageFrame(stream, Frames.FLAG_REMOTE_CLOSED | Frames.FLAG_NO_DATA, null);
  }

  /** The payload size of this frame. */
  public int size() {
    return size;
  }

  @Override
  protected int streamId() {
    return stream.streamId();
  }

  @Override
  protected int type() {
    return Frames.TYPE_DATA;
  }

  @Override
  protected int flags() {
    return flags;
  }

  @Override
  protected int payloadLength() {
    return size;
  }

  @Override
  protected int queuedSize() {
    return Frames.HEADER_LENGTH + size;
  }

  @Override
  protected void writePayload(ByteBuffer out) throws IOException {
    if (message != null && size > 0) {
      Envelopes.writeMessage(out, size, message);
    }
  }

  @Override
  protected void dropped(Throwable cause) {
    stream.frameDropped(cause);
  }
}
