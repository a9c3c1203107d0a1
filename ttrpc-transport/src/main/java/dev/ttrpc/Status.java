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
  public static final Status OK = new Status(0, "", List.of());

  private final int number;
  private final String message;
  private final List<Any> details;

  private Status(int number, String message, List<Any> details) {
    this.number = number;
    this.message = message == null ? "" : message;
    this.details = List.copyOf(details);
  }

  /** A status with no details. */
  public static Status of(Code code, String message) {
    return new Status(code.number(), message, List.of());
  }

  /** A status with typed details (each an {@link Any}). */
  public static Status of(Code code, String message, List<Any> details) {
    return new Status(code.number(), message, details);
  }

  /** Reads the wire form; an absent status means OK. */
  public static Status fromProto(com.google.rpc.Status proto) {
    if (proto.getCode() == 0 && proto.getMessage().isEmpty() && proto.getDetailsCount() == 0) {
      return OK;
    }
    // The raw number is kept: a peer may use codes this library has no name for, and they must survive a relay.
    return new Status(proto.getCode(), proto.getMessage(), proto.getDetailsList());
  }

  /** The wire form. */
  public com.google.rpc.Status toProto() {
    return com.google.rpc.Status.newBuilder()
        .setCode(number)
        .setMessage(message)
        .addAllDetails(details)
        .build();
  }

  /** The code; a number this library does not know reads as {@link Code#UNKNOWN} (see {@link #codeNumber()}). */
  public Code code() {
    return Code.forNumber(number);
  }

  /** The code number exactly as received. */
  public int codeNumber() {
    return number;
  }

  public String message() {
    return message;
  }

  public List<Any> details() {
    return details;
  }

  public boolean isOk() {
    return number == 0;
  }

  /** This status as an exception, to throw from a handler or to fail a call. */
  public TtrpcException asException() {
    return new TtrpcException(this);
  }

  /** A copy with the message replaced. */
  public Status withMessage(String newMessage) {
    return new Status(number, newMessage, details);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Status other
        && number == other.number
        && message.equals(other.message)
        && details.equals(other.details);
  }

  @Override
  public int hashCode() {
    return Objects.hash(number, message, details);
  }

  @Override
  public String toString() {
    String name = Code.forNumber(number).number() == number ? Code.forNumber(number).name() : "CODE(" + number + ")";
    return message.isEmpty() ? name : name + ": " + message;
  }
}
