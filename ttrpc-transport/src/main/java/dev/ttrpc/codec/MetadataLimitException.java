package dev.ttrpc.codec;

/**
 * A well-formed Request whose metadata is over the receiver's limits: the call is refused with RESOURCE_EXHAUSTED,
 * unlike a malformed envelope (INVALID_ARGUMENT). The message names the limit and the count or size seen.
 */
public final class MetadataLimitException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MetadataLimitException(String message) {
    super(message);
  }
}
