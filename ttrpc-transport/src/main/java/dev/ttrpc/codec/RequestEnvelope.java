package dev.ttrpc.codec;

import dev.ttrpc.Metadata;

/**
 * A decoded Request envelope. The payload is not copied: it is a range of the frame's array, valid as long as the
 * frame is.
 */
public final class RequestEnvelope {
  private String service;
  private String method;
  private int payloadOffset;
  private int payloadLength;
  private boolean payloadPresent;
  private long timeoutNanos;
  private Metadata metadata = Metadata.empty();

  private RequestEnvelope() {}

  /**
   * Decodes a Request. {@code knownPrefix}, when not null, is the encoded service and method of a recently seen
   * method: when the frame starts with those bytes their strings are not decoded again.
   *
   * @throws ProtocolException when the bytes are not a valid Request
   */
  public static RequestEnvelope decode(byte[] buf, int offset, int length, String knownService, String knownMethod,
      byte[] knownPrefix) {
    RequestEnvelope env = new RequestEnvelope();
    int skip = 0;
    if (knownPrefix != null && length >= knownPrefix.length
        && java.util.Arrays.equals(buf, offset, offset + knownPrefix.length, knownPrefix, 0, knownPrefix.length)) {
      env.service = knownService;
      env.method = knownMethod;
      skip = knownPrefix.length;
    }
    WireReader in = new WireReader(buf, offset + skip, length - skip, "request envelope");
    while (in.hasMore()) {
      int tag = in.readTag();
      switch (tag >>> 3) {
        case 1 -> {
          in.expect(tag, WireReader.LENGTH_DELIMITED);
          env.service = in.readString();
        }
        case 2 -> {
          in.expect(tag, WireReader.LENGTH_DELIMITED);
          env.method = in.readString();
        }
        case 3 -> {
          in.expect(tag, WireReader.LENGTH_DELIMITED);
          env.payloadOffset = in.readLengthDelimited();
          env.payloadLength = in.lastLength();
          env.payloadPresent = true;
        }
        case 4 -> {
          in.expect(tag, WireReader.VARINT);
          env.timeoutNanos = in.readVarint();
        }
        case 5 -> {
          in.expect(tag, WireReader.LENGTH_DELIMITED);
          int at = in.readLengthDelimited();
          env.addMetadata(buf, at, in.lastLength());
        }
        default -> in.skip(tag);
      }
    }
    if (env.service == null) {
      env.service = "";
    }
    if (env.method == null) {
      env.method = "";
    }
    return env;
  }

  private void addMetadata(byte[] buf, int at, int len) {
    WireReader kv = new WireReader(buf, at, len, "request metadata entry");
    String key = "";
    String value = "";
    while (kv.hasMore()) {
      int tag = kv.readTag();
      switch (tag >>> 3) {
        case 1 -> {
          kv.expect(tag, WireReader.LENGTH_DELIMITED);
          key = kv.readString();
        }
        case 2 -> {
          kv.expect(tag, WireReader.LENGTH_DELIMITED);
          value = kv.readString();
        }
        default -> kv.skip(tag);
      }
    }
    if (key.isEmpty()) {
      throw new ProtocolException("malformed request envelope: metadata entry with an empty key");
    }
    if (metadata.size() == 0 && metadata == Metadata.empty()) {
      metadata = new Metadata();
    }
    metadata.add(key, value);
  }

  public String service() {
    return service;
  }

  public String method() {
    return method;
  }

  public int payloadOffset() {
    return payloadOffset;
  }

  public int payloadLength() {
    return payloadLength;
  }

  /** Whether field 3 was on the wire at all (Go distinguishes a nil payload from an empty one). */
  public boolean payloadPresent() {
    return payloadPresent;
  }

  /** The caller's timeout, 0 when it set none. */
  public long timeoutNanos() {
    return timeoutNanos;
  }

  public Metadata metadata() {
    return metadata;
  }
}
