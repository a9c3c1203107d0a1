package dev.ttrpc.bench;

import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import com.google.protobuf.UnsafeByteOperations;
import java.nio.ByteBuffer;

/**
 * One caller's request: {@code size} bytes whose first 8 carry the call's sequence number (big-endian), the rest a
 * fixed pattern. The bytes are reused from call to call without a copy, which is safe because a caller waits for
 * each call to end before it starts the next; a response is checked against them byte for byte.
 */
final class Payload {
  /** The smallest payload: the sequence number. */
  static final int MIN_SIZE = 8;

  private final byte[] bytes;
  private final ByteBuffer expected;
  private final BytesValue message;

  Payload(int size) {
    if (size < MIN_SIZE) {
      throw new IllegalArgumentException("payload size must be >= " + MIN_SIZE + ", got " + size);
    }
    bytes = new byte[size];
    for (int i = MIN_SIZE; i < size; i++) {
      bytes[i] = (byte) i;
    }
    expected = ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    message = BytesValue.of(UnsafeByteOperations.unsafeWrap(bytes));
  }

  /** The request of call {@code seq} (the same instance every call, with its sequence bytes rewritten). */
  BytesValue next(long seq) {
    for (int i = 7; i >= 0; i--) {
      bytes[i] = (byte) seq;
      seq >>>= 8;
    }
    return message;
  }

  /**
   * Overwrites the first byte, which {@link BenchProtocol#REPEAT} reads as its repeat count (a sequence number below
   * 2^56 leaves that byte 0, so it loses nothing).
   */
  void setFirstByte(int value) {
    bytes[0] = (byte) value;
  }

  int size() {
    return bytes.length;
  }

  /** Whether {@code response} is exactly the current request. */
  boolean matches(BytesValue response) {
    return response.getValue().size() == bytes.length && matchesAt(response.getValue(), 0);
  }

  /** Whether {@code s[offset, offset + size)} equals the current request. */
  boolean matchesAt(ByteString s, int offset) {
    ByteBuffer got = s.asReadOnlyByteBuffer();
    got.position(got.position() + offset);
    got.limit(got.position() + bytes.length);
    return got.equals(expected);
  }
}
