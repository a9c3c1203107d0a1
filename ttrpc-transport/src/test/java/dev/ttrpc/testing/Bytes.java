package dev.ttrpc.testing;

import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import java.util.HexFormat;

/** Small helpers for test payloads. */
public final class Bytes {
  private Bytes() {}

  public static BytesValue value(String utf8) {
    return BytesValue.of(ByteString.copyFromUtf8(utf8));
  }

  public static BytesValue value(byte... bytes) {
    return BytesValue.of(ByteString.copyFrom(bytes));
  }

  /** A value of the given bytes, written as ints for readability. */
  public static BytesValue raw(int... bytes) {
    byte[] b = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      b[i] = (byte) bytes[i];
    }
    return BytesValue.of(ByteString.copyFrom(b));
  }

  public static BytesValue ofSize(int size) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = (byte) (i % 251);
    }
    return BytesValue.of(ByteString.copyFrom(b));
  }

  public static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex.replaceAll("\\s", ""));
  }

  public static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
