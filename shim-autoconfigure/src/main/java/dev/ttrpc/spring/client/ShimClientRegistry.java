package dev.ttrpc.spring.client;

import dev.ttrpc.client.TtrpcClient;
import dev.ttrpc.shim.task.v2.TaskClient;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

/**
 * The shims this application talks to, by name: configured ones under their configuration key, discovered ones as
 * {@code <namespace>/<id>}. Each shim has one multiplexed {@link TtrpcClient}, shared by every stub handed out for it.
 */
public interface ShimClientRegistry {
  /** The metadata key that carries the containerd namespace of a call. */
  String NAMESPACE_METADATA_KEY = "containerd-namespace-ttrpc";

  /**
   * A task API stub of the shim named {@code name}, over the shim's shared connection.
   *
   * @throws NoSuchElementException when no such shim is known
   */
  default TaskClient taskClient(String name) {
    return TaskClient.of(client(name));
  }

  /**
   * The shared client of the shim named {@code name}, built on first use.
   *
   * @throws NoSuchElementException when no such shim is known
   */
  TtrpcClient client(String name);

  /** Where the shim named {@code name} is and how it is reached; empty when unknown (or not told). */
  default Optional<ShimEndpoint> endpoint(String name) {
    return Optional.empty();
  }

  /** The names of the shims known now, sorted. */
  Set<String> names();

  /**
   * Adds a shim; false (and nothing changes) when a shim of that name is already known.
   *
   * @throws IllegalStateException once the registry is closed
   */
  boolean register(String name, ShimEndpoint endpoint);

  /** Removes a shim and closes its connection; false when no such shim was known. */
  boolean unregister(String name);

  /** Tells {@code listener} of shims added and removed from now on. */
  void addListener(ShimRegistryListener listener);

  /** Stops telling {@code listener}. */
  void removeListener(ShimRegistryListener listener);
}
