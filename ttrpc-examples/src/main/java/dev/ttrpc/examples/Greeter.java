package dev.ttrpc.examples;

import com.google.protobuf.StringValue;
import dev.ttrpc.MethodDescriptor;
import dev.ttrpc.MethodType;
import dev.ttrpc.TtrpcException;
import dev.ttrpc.Code;
import dev.ttrpc.server.ServiceDefinition;

/**
 * A tiny service, {@code example.v1.Greeter}, described by hand with protobuf's well-known types: the shape a
 * generated stub takes, with nothing generated.
 */
public final class Greeter {
  public static final String SERVICE = "example.v1.Greeter";

  /** Unary: a greeting for a name. */
  public static final MethodDescriptor<StringValue, StringValue> HELLO =
      MethodDescriptor.of(SERVICE, "Hello", MethodType.UNARY, StringValue.parser(), StringValue.parser());
  /** Server streaming: one greeting per letter of the name. */
  public static final MethodDescriptor<StringValue, StringValue> SPELL =
      MethodDescriptor.of(SERVICE, "Spell", MethodType.SERVER_STREAMING, StringValue.parser(), StringValue.parser());
  /** Client streaming: joins every name sent. */
  public static final MethodDescriptor<StringValue, StringValue> JOIN =
      MethodDescriptor.of(SERVICE, "Join", MethodType.CLIENT_STREAMING, StringValue.parser(), StringValue.parser());
  /** Bidirectional: answers each name as it arrives. */
  public static final MethodDescriptor<StringValue, StringValue> CHAT =
      MethodDescriptor.of(SERVICE, "Chat", MethodType.BIDI_STREAMING, StringValue.parser(), StringValue.parser());

  private Greeter() {}

  /** The server side. */
  public static ServiceDefinition service() {
    return ServiceDefinition.builder(SERVICE)
        .unary(HELLO, (name, ctx) -> {
          if (name.getValue().isBlank()) {
            throw TtrpcException.of(Code.INVALID_ARGUMENT, "name must not be blank");
          }
          return StringValue.of("hello, " + name.getValue());
        })
        .stream(SPELL, stream -> {
          for (char c : stream.receive().getValue().toCharArray()) {
            stream.send(StringValue.of(String.valueOf(c)));
          }
          return null;
        })
        .stream(JOIN, stream -> {
          StringBuilder all = new StringBuilder();
          for (StringValue name = stream.receive(); name != null; name = stream.receive()) {
            all.append(all.length() == 0 ? "" : " and ").append(name.getValue());
          }
          return StringValue.of("hello, " + all);
        })
        .stream(CHAT, stream -> {
          for (StringValue name = stream.receive(); name != null; name = stream.receive()) {
            stream.send(StringValue.of("hi " + name.getValue()));
          }
          return null;
        })
        .build();
  }
}
