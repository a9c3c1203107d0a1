package dev.ttrpc;

/**
 * Status codes carried in {@code google.rpc.Status.code}. TTRPC reuses gRPC's numbering, so containerd's errdefs
 * (not found, already exists, ...) arrive as these codes.
 */
public enum Code {
  OK(0),
  CANCELLED(1),
  UNKNOWN(2),
  INVALID_ARGUMENT(3),
  DEADLINE_EXCEEDED(4),
  NOT_FOUND(5),
  ALREADY_EXISTS(6),
  PERMISSION_DENIED(7),
  RESOURCE_EXHAUSTED(8),
  FAILED_PRECONDITION(9),
  ABORTED(10),
  OUT_OF_RANGE(11),
  UNIMPLEMENTED(12),
  INTERNAL(13),
  UNAVAILABLE(14),
  DATA_LOSS(15),
  UNAUTHENTICATED(16);

  private static final Code[] BY_NUMBER = values();

  private final int number;

  Code(int number) {
    this.number = number;
  }

  /** The number sent on the wire. */
  public int number() {
    return number;
  }

  /** The code for a wire number; numbers this library does not know map to {@link #UNKNOWN}. */
  public static Code forNumber(int number) {
    return number >= 0 && number < BY_NUMBER.length ? BY_NUMBER[number] : UNKNOWN;
  }
}
