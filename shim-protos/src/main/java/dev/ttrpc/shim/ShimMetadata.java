package dev.ttrpc.shim;

/**
 * Well-known metadata keys and environment variables of the shim protocol.
 */
public final class ShimMetadata {

  /**
   * TTRPC request metadata key carrying the containerd namespace of a call
   * ({@code containerd-namespace-ttrpc}). containerd sets it on every request it sends to a shim and
   * expects it on requests a shim sends to containerd's TTRPC socket (for example {@code Events/Forward}).
   */
  public static final String NAMESPACE_KEY = "containerd-namespace-ttrpc";

  /**
   * Environment variable in which containerd passes its own TTRPC socket address to a shim it starts;
   * shims publish events there.
   */
  public static final String TTRPC_ADDRESS_ENV = "TTRPC_ADDRESS";

  private ShimMetadata() {
  }
}
