package dev.ttrpc.server;

import com.google.protobuf.MessageLite;
import dev.ttrpc.Status;
import dev.ttrpc.codec.Envelopes;
import dev.ttrpc.codec.Frames;
import dev.ttrpc.transport.OutboundFrame;
import java.io.IOException;
import java.nio.ByteBuffer;

/** A Response frame: a status (absent when OK, as Go sends it) and, on success, a message. */
final class ResponseFrame extends OutboundFrame {
  private final int streamId;
  private final com.google.rpc.Status status;
  private final MessageLite message;
  private final int messageSize;
  private final int length;

  private ResponseFrame(int streamId, Status status, MessageLite message) {
    this.streamId = streamId;
    this.status = status.isOk() ? null : status.toProto();
    this.message = message;
    this.messageSize = message == null ? 0 : message.getSerializedSize();
    this.length = Envelopes.responseLength(this.status, messageSize);
  }

  static ResponseFrame success(int streamId, MessageLite message) {
    return new ResponseFrame(streamId, Status.OK, message);
  }

  static ResponseFrame error(int streamId, Status status) {
    return new ResponseFrame(streamId, status, null);
  }

  /** The encoded Response size, to check against the peer's limit before sending. */
  int length() {
    return length;
  }

  @Override
  protected int streamId() {
    return streamId;
  }

  @Override
  protected int type() {
    return Frames.TYPE_RESPONSE;
  }

  @Override
  protected int flags() {
    return 0;
  }

  @Override
  protected int payloadLength() {
    return length;
  }

  @Override
  protected int queuedSize() {
    return Frames.HEADER_LENGTH + length;
  }

  @Override
  protected void writePayload(ByteBuffer out) throws IOException {
    Envelopes.writeResponse(out, length, status, message, messageSize);
  }
}
