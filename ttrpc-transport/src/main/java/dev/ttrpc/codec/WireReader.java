package dev.ttrpc.codec;

import java.nio.charset.StandardCharsets;

/**
 * A minimal protobuf wire-format reader over an array range, for the two envelope messages. It allocates nothing
 * but the strings it is asked for, and reports malformed input with the offset where it went wrong.
 */
final class WireReader {
  static final int VARINT = 0;
  static final int FIXED64 = 1;
  static final int LENGTH_DELIMITED = 2;
  static final int FIXED32 = 5;

  private final byte[] buf;
  private final int start;
  private final int limit;
  private final String what;
  private int pos;

  WireReader(byte[] buf, int offset, int length, String what) {
    this.buf = buf;
    this.start = offset;
    this.pos = offset;
    this.limit = offset + length;
    this.what = what;
  }

  boolean hasMore() {
    return pos < limit;
  }

  int position() {
    return pos;
  }

  /** Reads a tag; returns it whole (field number << 3 | wire type). */
  int readTag() {
    long tag = readVarint();
    if (tag == 0 || tag > 0xffffffffL || (tag >>> 3) == 0) {
      throw malformed("invalid field tag " + tag);
    }
    return (int) tag;
  }

  long readVarint() {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= limit) {
        throw malformed("truncated varint");
      }
      byte b = buf[pos++];
      result |= (long) (b & 0x7f) << shift;
      if (b >= 0) {
        return result;
      }
    }
    throw malformed("varint longer than 10 bytes");
  }

  /** Reads a length prefix and checks the bytes it announces are present; returns their start. */
  int readLengthDelimited() {
    long len = readVarint();
    if (len < 0 || len > limit - pos) {
      throw malformed("length " + len + " exceeds the " + (limit - pos) + " bytes left");
    }
    int at = pos;
    pos += (int) len;
    lastLength = (int) len;
    return at;
  }

  private int lastLength;

  /** The length of the field last read by {@link #readLengthDelimited()}. */
  int lastLength() {
    return lastLength;
  }

  String readString() {
    int at = readLengthDelimited();
    return new String(buf, at, lastLength, StandardCharsets.UTF_8);
  }

  void skip(int tag) {
    switch (tag & 7) {
      case VARINT -> readVarint();
      case FIXED64 -> advance(8);
      case LENGTH_DELIMITED -> readLengthDelimited();
      case FIXED32 -> advance(4);
      default -> throw malformed("unsupported wire type " + (tag & 7) + " for field " + (tag >>> 3));
    }
  }

  /** Checks a field has the wire type its schema gives. */
  void expect(int tag, int wireType) {
    if ((tag & 7) != wireType) {
      throw malformed("field " + (tag >>> 3) + " has wire type " + (tag & 7) + ", expected " + wireType);
    }
  }

  private void advance(int n) {
    if (limit - pos < n) {
      throw malformed("truncated fixed-width field");
    }
    pos += n;
  }

  ProtocolException malformed(String detail) {
    return new ProtocolException("malformed " + what + " at byte " + (pos - start) + ": " + detail);
  }
}
