package dev.ttrpc.codec;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import dev.ttrpc.Metadata;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Encodes Request and Response envelopes straight into a frame buffer, with the call's message written in place:
 * no intermediate envelope object and no copy of the payload.
 */
public final class Envelopes {
  private static final int TAG_PAYLOAD = (3 << 3) | 2;
  private static final int TAG_TIMEOUT = 4 << 3;
  private static final int TAG_METADATA = (5 << 3) | 2;
  private static final int TAG_STATUS = (1 << 3) | 2;
  private static final int TAG_RESPONSE_PAYLOAD = (2 << 3) | 2;

  /** The most bytes the timeout field can add (its tag and a 10-byte varint). */
  public static final int MAX_TIMEOUT_FIELD_LENGTH = 11;

  private Envelopes() {}

  /**
   * The encoded size of a Request.
   *
   * @param prefix the method's encoded service and method fields
   * @param payloadSize the message's serialized size; 0 omits the field, as Go does
   */
  public static int requestLength(byte[] prefix, int payloadSize, long timeoutNanos, Metadata metadata) {
    int n = prefix.length;
    if (payloadSize > 0) {
      n += 1 + CodedOutputStream.computeUInt32SizeNoTag(payloadSize) + payloadSize;
    }
    n += timeoutFieldLength(timeoutNanos);
    for (int i = 0; i < metadata.size(); i++) {
      int entry = keyValueLength(metadata.keyAt(i), metadata.valueAt(i));
      n += 1 + CodedOutputStream.computeUInt32SizeNoTag(entry) + entry;
    }
    return n;
  }

  /** The bytes the timeout field adds to a Request: none without a timeout. */
  public static int timeoutFieldLength(long timeoutNanos) {
    return timeoutNanos > 0 ? 1 + CodedOutputStream.computeInt64SizeNoTag(timeoutNanos) : 0;
  }

  /**
   * Writes a Request of exactly {@link #requestLength} bytes at {@code out}'s position, and advances it. A direct
   * buffer is encoded into with protobuf's unsafe encoder: the message goes straight to the socket's buffer.
   */
  public static void writeRequest(ByteBuffer out, int length, byte[] prefix, MessageLite payload, int payloadSize,
      long timeoutNanos, Metadata metadata) throws IOException {
    int end = out.position() + length;
    out.put(prefix);
    CodedOutputStream cos = encoderUpTo(out, end);
    if (payloadSize > 0) {
      cos.writeUInt32NoTag(TAG_PAYLOAD);
      cos.writeUInt32NoTag(payloadSize);
      payload.writeTo(cos);
    }
    if (timeoutNanos > 0) {
      cos.writeUInt32NoTag(TAG_TIMEOUT);
      cos.writeInt64NoTag(timeoutNanos);
    }
    for (int i = 0; i < metadata.size(); i++) {
      String key = metadata.keyAt(i);
      String value = metadata.valueAt(i);
      cos.writeUInt32NoTag(TAG_METADATA);
      cos.writeUInt32NoTag(keyValueLength(key, value));
      cos.writeString(1, key);
      cos.writeString(2, value);
    }
    finish(cos, out, end);
  }

  private static int keyValueLength(String key, String value) {
    return CodedOutputStream.computeStringSize(1, key) + CodedOutputStream.computeStringSize(2, value);
  }

  /**
   * The encoded size of a Response.
   *
   * @param status the status to send, or null for success (then no status field is written, as Go does)
   */
  public static int responseLength(com.google.rpc.Status status, int payloadSize) {
    int n = 0;
    if (status != null) {
      int s = status.getSerializedSize();
      n += 1 + CodedOutputStream.computeUInt32SizeNoTag(s) + s;
    }
    if (payloadSize > 0) {
      n += 1 + CodedOutputStream.computeUInt32SizeNoTag(payloadSize) + payloadSize;
    }
    return n;
  }

  /** Writes a Response of exactly {@link #responseLength} bytes at {@code out}'s position, and advances it. */
  public static void writeResponse(ByteBuffer out, int length, com.google.rpc.Status status, MessageLite payload,
      int payloadSize) throws IOException {
    int end = out.position() + length;
    CodedOutputStream cos = encoderUpTo(out, end);
    if (status != null) {
      cos.writeUInt32NoTag(TAG_STATUS);
      cos.writeUInt32NoTag(status.getSerializedSize());
      status.writeTo(cos);
    }
    if (payloadSize > 0) {
      cos.writeUInt32NoTag(TAG_RESPONSE_PAYLOAD);
      cos.writeUInt32NoTag(payloadSize);
      payload.writeTo(cos);
    }
    finish(cos, out, end);
  }

  /** Writes a bare message (the payload of a Data frame) of {@code length} bytes, and advances {@code out}. */
  public static void writeMessage(ByteBuffer out, int length, MessageLite message) throws IOException {
    int end = out.position() + length;
    CodedOutputStream cos = encoderUpTo(out, end);
    message.writeTo(cos);
    finish(cos, out, end);
  }

  private static CodedOutputStream encoderUpTo(ByteBuffer out, int end) {
    int limit = out.limit();
    out.limit(end);
    CodedOutputStream cos = CodedOutputStream.newInstance(out);
    out.limit(limit);
    return cos;
  }

  private static void finish(CodedOutputStream cos, ByteBuffer out, int end) throws IOException {
    cos.flush();
    if (out.position() != end) {
      throw new IOException("encoding ended " + (out.position() - end)
          + " bytes away from its announced length: a message changed while being written");
    }
  }
}
