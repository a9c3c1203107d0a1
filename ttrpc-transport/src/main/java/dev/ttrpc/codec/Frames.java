package dev.ttrpc.codec;

/** Constants of the TTRPC frame: a 10-byte header (length, stream id, type, flags) and its payload. */
public final class Frames {
  /** Bytes in a frame header. */
  public static final int HEADER_LENGTH = 10;
  /** The default maximum payload, as in containerd's implementations (4 MiB). */
  public static final int DEFAULT_MAX_MESSAGE_SIZE = 4 << 20;

  /** Opens a stream; carries a Request envelope. */
  public static final int TYPE_REQUEST = 0x01;
  /** Ends a stream; carries a Response envelope. */
  public static final int TYPE_RESPONSE = 0x02;
  /** A stream message, not wrapped in an envelope (ttrpc 1.2). */
  public static final int TYPE_DATA = 0x03;

  /** The sender will send nothing more on this stream. */
  public static final int FLAG_REMOTE_CLOSED = 0x01;
  /** On a Request: the client will follow with Data frames. */
  public static final int FLAG_REMOTE_OPEN = 0x02;
  /** On a Data frame: it carries no message at all (as opposed to an empty one). */
  public static final int FLAG_NO_DATA = 0x04;

  private Frames() {}

  /** The status message for a message over the limit, worded as Go ttrpc words it. */
  public static String tooLarge(long length, int limit) {
    return "message length " + length + " exceed maximum message size of " + limit;
  }

  /** A readable name of a frame type, for errors and logs. */
  public static String typeName(int type) {
    return switch (type) {
      case TYPE_REQUEST -> "request";
      case TYPE_RESPONSE -> "response";
      case TYPE_DATA -> "data";
      default -> "unknown(0x" + Integer.toHexString(type) + ")";
    };
  }
}
