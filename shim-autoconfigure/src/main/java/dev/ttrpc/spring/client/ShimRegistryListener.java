package dev.ttrpc.spring.client;

/** Told when a shim is added to or removed from a {@link ShimClientRegistry}, on the thread that changed it. */
public interface ShimRegistryListener {
  /** A shim named {@code name} was added. */
  default void shimAdded(String name, ShimEndpoint endpoint) {
  }

  /** The shim named {@code name} was removed and its connection closed. */
  default void shimRemoved(String name) {
  }
}
