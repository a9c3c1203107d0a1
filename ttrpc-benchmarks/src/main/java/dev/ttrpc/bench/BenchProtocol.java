package dev.ttrpc.bench;

import com.google.protobuf.BytesValue;
import dev.ttrpc.MethodDescriptor;
import dev.ttrpc.MethodType;

/**
 * The benchmark protocol of {@code docs/performance.md}: service {@code ttrpc.bench.v1.Echo}, every message a
 * {@code google.protobuf.BytesValue}.
 *
 * <ul>
 *   <li>{@link #ECHO} (unary): the server answers the request unchanged.
 *   <li>{@link #REPEAT} (server streaming): the server sends the one request back N times, N being the first byte
 *       of its payload, then ends the stream.
 *   <li>{@link #SUM} (client streaming): the server answers the concatenation of every message the client sent.
 *   <li>{@link #CHAT} (bidirectional): the server echoes each message as it arrives and ends when the client ends.
 * </ul>
 */
public final class BenchProtocol {
  /** The full service name. */
  public static final String SERVICE = "ttrpc.bench.v1.Echo";

  public static final MethodDescriptor<BytesValue, BytesValue> ECHO =
      MethodDescriptor.of(SERVICE, "Echo", MethodType.UNARY, BytesValue.parser(), BytesValue.parser());
  public static final MethodDescriptor<BytesValue, BytesValue> REPEAT =
      MethodDescriptor.of(SERVICE, "Repeat", MethodType.SERVER_STREAMING, BytesValue.parser(), BytesValue.parser());
  public static final MethodDescriptor<BytesValue, BytesValue> SUM =
      MethodDescriptor.of(SERVICE, "Sum", MethodType.CLIENT_STREAMING, BytesValue.parser(), BytesValue.parser());
  public static final MethodDescriptor<BytesValue, BytesValue> CHAT =
      MethodDescriptor.of(SERVICE, "Chat", MethodType.BIDI_STREAMING, BytesValue.parser(), BytesValue.parser());

  private BenchProtocol() {}

  /**
   * The descriptor of a method by its bare name.
   *
   * @throws IllegalArgumentException for a name the protocol does not have
   */
  public static MethodDescriptor<BytesValue, BytesValue> method(String name) {
    return switch (name) {
      case "Echo" -> ECHO;
      case "Repeat" -> REPEAT;
      case "Sum" -> SUM;
      case "Chat" -> CHAT;
      default -> throw new IllegalArgumentException("unknown method '" + name + "': expected Echo, Repeat, Sum or Chat");
    };
  }
}
