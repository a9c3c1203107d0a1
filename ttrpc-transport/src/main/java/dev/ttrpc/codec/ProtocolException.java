package dev.ttrpc.codec;

/** Bytes that do not follow the TTRPC protocol; the message says what was wrong and where. */
public final class ProtocolException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ProtocolException(String message) {
    super(message);
  }
}
