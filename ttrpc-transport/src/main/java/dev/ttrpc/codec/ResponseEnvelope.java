package dev.ttrpc.codec;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.ttrpc.Status;

/** A decoded Response envelope: a status (OK when absent) and the range of its payload in the frame. */
public final class ResponseEnvelope {
  private Status status = Status.OK;
  private int payloadOffset;
  private int payloadLength;

  private ResponseEnvelope() {}

  /**
   * Decodes a Response.
   *
   * @throws ProtocolException when the bytes are not a valid Response
   */
  public static ResponseEnvelope decode(byte[] buf, int offset, int length) {
    ResponseEnvelope env = new ResponseEnvelope();
    WireReader in = new WireReader(buf, offset, length, "response envelope");
    while (in.hasMore()) {
      int tag = in.readTag();
      switch (tag >>> 3) {
        case 1 -> {
          in.expect(tag, WireReader.LENGTH_DELIMITED);
          int at = in.readLengthDelimited();
          try {
            env.status = Status.fromProto(com.google.rpc.Status.parser().parseFrom(buf, at, in.lastLength()));
          } catch (InvalidProtocolBufferException e) {
            throw in.malformed("status does not parse: " + e.getMessage());
          }
        }
        case 2 -> {
          in.expect(tag, WireReader.LENGTH_DELIMITED);
          env.payloadOffset = in.readLengthDelimited();
          env.payloadLength = in.lastLength();
        }
        default -> in.skip(tag);
      }
    }
    return env;
  }

  public Status status() {
    return status;
  }

  public int payloadOffset() {
    return payloadOffset;
  }

  public int payloadLength() {
    return payloadLength;
  }
}
