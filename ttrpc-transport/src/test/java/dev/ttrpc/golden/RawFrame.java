package dev.ttrpc.golden;

import java.nio.ByteBuffer;

/** A frame as read off (or written to) a raw socket by a test, with no help from the code under test. */
public record RawFrame(int streamId, int type, int flags, byte[] payload) {
  public static final int REQUEST = 0x01;
  public static final int RESPONSE = 0x02;
  public static final int DATA = 0x03;

  /** The whole frame: header (length, stream id, type, flags) then payload. */
  public byte[] bytes() {
    return ByteBuffer.allocate(10 + payload.length)
        .putInt(payload.length)
        .putInt(streamId)
        .put((byte) type)
        .put((byte) flags)
        .put(payload)
        .array();
  }

  public String hex() {
    return GoldenFrames.hex(bytes());
  }

  /** Parses one whole frame given in hex (the test's own header reading, independent of FrameDecoder). */
  public static RawFrame parse(String hex) {
    byte[] b = GoldenFrames.bytes(hex);
    ByteBuffer in = ByteBuffer.wrap(b);
    int length = in.getInt();
    int stream = in.getInt();
    int type = in.get() & 0xff;
    int flags = in.get() & 0xff;
    if (length != b.length - 10) {
      throw new IllegalArgumentException("declared length " + length + " but " + (b.length - 10) + " payload bytes");
    }
    byte[] payload = new byte[length];
    in.get(payload);
    return new RawFrame(stream, type, flags, payload);
  }

  @Override
  public String toString() {
    return "RawFrame{stream=" + Integer.toUnsignedString(streamId) + " type=" + type + " flags=" + flags + " payload="
        + GoldenFrames.hex(payload) + "}";
  }
}
