package dev.ttrpc.spring.actuate;

import org.jspecify.annotations.Nullable;

/**
 * One shim as the {@code shims} endpoint lists it: where it is, how its connection stands and its task's state.
 *
 * @param name the shim's name in the registry
 * @param source {@code configured} or {@code discovered}
 * @param namespace the containerd namespace sent with its calls, or null
 * @param containerId the id of its container when known, else empty
 * @param address the shim's socket
 * @param connectionState the client's connection state after the probe, or null when there is no client
 * @param task the task's state from {@code State}, or the error that kept it from being read
 * @param lastError the last connection error the client saw, or null
 */
public record ShimDescriptor(String name, String source, @Nullable String namespace, String containerId,
    String address, @Nullable String connectionState, TaskStateDescriptor task, @Nullable String lastError) {
}
