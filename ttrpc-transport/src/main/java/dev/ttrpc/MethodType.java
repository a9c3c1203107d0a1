package dev.ttrpc;

/** The shape of a call: which sides send a stream of messages. */
public enum MethodType {
  UNARY(false, false),
  SERVER_STREAMING(false, true),
  CLIENT_STREAMING(true, false),
  BIDI_STREAMING(true, true);

  private final boolean clientStreams;
  private final boolean serverStreams;

  MethodType(boolean clientStreams, boolean serverStreams) {
    this.clientStreams = clientStreams;
    this.serverStreams = serverStreams;
  }

  /** The client sends more than one message (Data frames after the Request). */
  public boolean clientStreams() {
    return clientStreams;
  }

  /** The server sends a stream of Data frames rather than one Response. */
  public boolean serverStreams() {
    return serverStreams;
  }

  public boolean isUnary() {
    return this == UNARY;
  }
}
