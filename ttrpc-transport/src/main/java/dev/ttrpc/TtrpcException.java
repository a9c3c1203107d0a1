package dev.ttrpc;

/**
 * The one exception type of this library: a call failed with a {@link Status}. Handlers throw it to answer with a
 * status of their choice; clients catch it to read the code, message and details the peer sent.
 */
public class TtrpcException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Status status;

  public TtrpcException(Status status) {
    this(status, null);
  }

  public TtrpcException(Status status, Throwable cause) {
    super(status.toString(), cause);
    this.status = status;
  }

  /** Shorthand for {@code new TtrpcException(Status.of(code, message))}. */
  public static TtrpcException of(Code code, String message) {
    return new TtrpcException(Status.of(code, message));
  }

  public Status status() {
    return status;
  }

  public Code code() {
    return status.code();
  }
}
