package dev.ttrpc.shim;

import com.google.protobuf.Any;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import java.util.Objects;

/**
 * {@link Any} handling the way containerd does it.
 *
 * <p>containerd (through its {@code typeurl} package) writes the <em>bare</em> full message name as the
 * type URL, e.g. {@code containerd.events.TaskExit} or {@code io.containerd.cgroups.v1.Metrics}, without
 * the {@code type.googleapis.com/} prefix that {@link Any#pack(Message)} adds, and containerd 1.6 only
 * resolves the bare form. protobuf-java's {@link Any#is(Class)} and {@link Any#unpack(Class)} in turn do
 * not recognise bare names. The methods here accept both spellings when reading and produce the bare one
 * when writing.
 */
public final class ContainerdAny {

  private ContainerdAny() {
  }

  /**
   * Packs a message with its bare full name as type URL, as containerd expects.
   *
   * @param message the message to wrap
   * @return an {@code Any} whose type URL is e.g. {@code containerd.events.TaskExit}
   */
  public static Any pack(Message message) {
    Objects.requireNonNull(message, "message");
    return Any.newBuilder()
        .setTypeUrl(message.getDescriptorForType().getFullName())
        .setValue(message.toByteString())
        .build();
  }

  /**
   * Returns the message name a type URL refers to: the part after the last {@code '/'}, or the whole
   * string when it has none.
   *
   * @param typeUrl a bare name or a URL such as {@code type.googleapis.com/containerd.events.TaskExit}
   * @return the full message name
   */
  public static String typeName(String typeUrl) {
    Objects.requireNonNull(typeUrl, "typeUrl");
    return typeUrl.substring(typeUrl.lastIndexOf('/') + 1);
  }

  /**
   * Tells whether an {@code Any} holds the given message type (bare or prefixed type URL).
   *
   * @param any the value to test
   * @param type the expected message type
   * @return true when the type URL names {@code type}
   */
  public static boolean is(Any any, Descriptor type) {
    Objects.requireNonNull(any, "any");
    return typeName(any.getTypeUrl()).equals(type.getFullName());
  }

  /**
   * Unpacks an {@code Any} into the type of {@code prototype}.
   *
   * @param any the value to unpack
   * @param prototype any instance of the expected type, typically {@code T.getDefaultInstance()}
   * @param <T> the message type
   * @return the decoded message
   * @throws IllegalArgumentException if the type URL names another type
   * @throws InvalidProtocolBufferException if the payload does not parse
   */
  @SuppressWarnings("unchecked")
  public static <T extends Message> T unpack(Any any, T prototype) throws InvalidProtocolBufferException {
    Objects.requireNonNull(prototype, "prototype");
    if (!is(any, prototype.getDescriptorForType())) {
      throw new IllegalArgumentException("Any holds " + any.getTypeUrl() + ", not "
          + prototype.getDescriptorForType().getFullName());
    }
    return (T) prototype.getParserForType().parseFrom(any.getValue());
  }
}
