package dev.ttrpc;

import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One RPC: its full service name (as on the wire, e.g. {@code containerd.task.v2.Task}), bare method name, shape,
 * and the parsers of its request and response messages. Generated stubs hold one per method; hand-written code
 * builds them with {@link #of}.
 *
 * @param <Q> the request message type
 * @param <R> the response message type
 */
public final class MethodDescriptor<Q extends MessageLite, R extends MessageLite> {
  private final String service;
  private final String method;
  private final MethodType type;
  private final Parser<Q> requestParser;
  private final Parser<R> responseParser;
  private final byte[] envelopePrefix;

  private MethodDescriptor(
      String service, String method, MethodType type, Parser<Q> requestParser, Parser<R> responseParser) {
    this.service = requireName(service, "service");
    this.method = requireName(method, "method");
    this.type = Objects.requireNonNull(type, "type");
    this.requestParser = Objects.requireNonNull(requestParser, "requestParser");
    this.responseParser = Objects.requireNonNull(responseParser, "responseParser");
    this.envelopePrefix = encodePrefix(service, method);
  }

  /** Describes a method; {@code service} is the full protobuf service name. */
  public static <Q extends MessageLite, R extends MessageLite> MethodDescriptor<Q, R> of(
      String service, String method, MethodType type, Parser<Q> requestParser, Parser<R> responseParser) {
    return new MethodDescriptor<>(service, method, type, requestParser, responseParser);
  }

  public String service() {
    return service;
  }

  public String method() {
    return method;
  }

  /** {@code service/method}, for logs and metrics. */
  public String fullName() {
    return service + "/" + method;
  }

  public MethodType type() {
    return type;
  }

  public Parser<Q> requestParser() {
    return requestParser;
  }

  public Parser<R> responseParser() {
    return responseParser;
  }

  /**
   * Fields 1 and 2 of the Request envelope (service and method), encoded once so that each call only copies them.
   */
  public byte[] envelopePrefix() {
    return envelopePrefix;
  }

  private static String requireName(String value, String what) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(what + " name must not be empty");
    }
    return value;
  }

  private static byte[] encodePrefix(String service, String method) {
    byte[] s = service.getBytes(StandardCharsets.UTF_8);
    byte[] m = method.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[2 + varintSize(s.length) + s.length + varintSize(m.length) + m.length];
    int p = 0;
    out[p++] = 0x0a;
    p = putVarint(out, p, s.length);
    System.arraycopy(s, 0, out, p, s.length);
    p += s.length;
    out[p++] = 0x12;
    p = putVarint(out, p, m.length);
    System.arraycopy(m, 0, out, p, m.length);
    return out;
  }

  private static int varintSize(int v) {
    int n = 1;
    while ((v & ~0x7f) != 0) {
      v >>>= 7;
      n++;
    }
    return n;
  }

  private static int putVarint(byte[] out, int p, int v) {
    while ((v & ~0x7f) != 0) {
      out[p++] = (byte) ((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    out[p++] = (byte) v;
    return p;
  }

  @Override
  public String toString() {
    return fullName() + " (" + type + ")";
  }
}
