package dev.ttrpc.codec;

import dev.ttrpc.Metadata;
import dev.ttrpc.MetadataLimits;
import java.nio.charset.StandardCharsets;

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
  private MetadataLimits limits;
  private int metadataEntries;
  private long metadataBytes;
  private boolean overLimits;

  private RequestEnvelope() {}

  /** Decodes a Request with no bound on its metadata but the frame's own size. */
  public static RequestEnvelope decode(byte[] buf, int offset, int length, String knownService, String knownMethod,
      byte[] knownPrefix) {
    return decode(buf, offset, length, knownService, knownMethod, knownPrefix, null);
  }

  /**
   * Decodes a Request. {@code knownPrefix}, when not null, is the encoded service and method of a recently seen
   * method: when the frame starts with those bytes their strings are not decoded again.
   *
   * @param limits bounds on the metadata, or null for none
   * @throws ProtocolException when the bytes are not a valid Request
   * @throws MetadataLimitException when they are, but the metadata is over {@code limits}
   */
  public static RequestEnvelope decode(byte[] buf, int offset, int length, String knownService, String knownMethod,
      byte[] knownPrefix, MetadataLimits limits) {
    RequestEnvelope env = new RequestEnvelope();
    env.limits = limits;
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
    if (env.overLimits) {
      throw new MetadataLimitException(limits.violation(env.metadataEntries, env.metadataBytes));
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
    int keyAt = 0;
    int keyLength = 0;
    int valueAt = 0;
    int valueLength = 0;
    while (kv.hasMore()) {
      int tag = kv.readTag();
      switch (tag >>> 3) {
        case 1 -> {
          kv.expect(tag, WireReader.LENGTH_DELIMITED);
          keyAt = kv.readLengthDelimited();
          keyLength = kv.lastLength();
        }
        case 2 -> {
          kv.expect(tag, WireReader.LENGTH_DELIMITED);
          valueAt = kv.readLengthDelimited();
          valueLength = kv.lastLength();
        }
        default -> kv.skip(tag);
      }
    }
    if (keyLength == 0) {
      throw new ProtocolException("malformed request envelope: metadata entry with an empty key");
    }
    metadataEntries++;
    metadataBytes += keyLength + valueLength;
    // Past a limit the rest is only counted, never turned into strings: the refusal names the full count and size.
    if (overLimits || limits != null && limits.violation(metadataEntries, metadataBytes) != null) {
      overLimits = true;
      return;
    }
    if (metadata.size() == 0 && metadata == Metadata.empty()) {
      metadata = new Metadata();
    }
    metadata.add(new String(buf, keyAt, keyLength, StandardCharsets.UTF_8),
        new String(buf, valueAt, valueLength, StandardCharsets.UTF_8));
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
