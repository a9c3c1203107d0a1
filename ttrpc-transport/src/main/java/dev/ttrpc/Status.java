package dev.ttrpc;

import com.google.protobuf.Any;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of a call: a {@link Code}, a message, and optional typed details, as carried by
 * {@code google.rpc.Status} in a TTRPC Response.
 */
public final class Status {
  /** The status of a successful call. */
  public static final Status OK = new Status(Code.OK, "", List.of());

  private final Code code;
  private final String message;
  private final List<Any> details;

  private Status(Code code, String message, List<Any> details) {
    this.code = Objects.requireNonNull(code, "code");
    this.message = message == null ? "" : message;
    this.details = List.copyOf(details);
  }

  /** A status with no details. */
  public static Status of(Code code, String message) {
    return new Status(code, message, List.of());
  }

  /** A status with typed details (each an {@link Any}). */
  public static Status of(Code code, String message, List<Any> details) {
    return new Status(code, message, details);
  }

  /** Reads the wire form; an absent status means OK. */
  public static Status fromProto(com.google.rpc.Status proto) {
    if (proto.getCode() == 0 && proto.getMessage().isEmpty() && proto.getDetailsCount() == 0) {
      return OK;
    }
    return new Status(Code.forNumber(proto.getCode()), proto.getMessage(), proto.getDetailsList());
  }

  /** The wire form. */
  public com.google.rpc.Status toProto() {
    return com.google.rpc.Status.newBuilder()
        .setCode(code.number())
        .setMessage(message)
        .addAllDetails(details)
        .build();
  }

  public Code code() {
    return code;
  }

  public String message() {
    return message;
  }

  public List<Any> details() {
    return details;
  }

  public boolean isOk() {
    return code == Code.OK;
  }

  /** This status as an exception, to throw from a handler or to fail a call. */
  public TtrpcException asException() {
    return new TtrpcException(this);
  }

  /** A copy with the message replaced. */
  public Status withMessage(String newMessage) {
    return new Status(code, newMessage, details);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Status other
        && code == other.code
        && message.equals(other.message)
        && details.equals(other.details);
  }

  @Override
  public int hashCode() {
    return Objects.hash(code, message, details);
  }

  @Override
  public String toString() {
    return message.isEmpty() ? code.name() : code.name() + ": " + message;
  }
}
