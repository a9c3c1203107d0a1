/**
 * Clients of containerd shims: {@link dev.ttrpc.spring.client.ShimClientRegistry} hands out one shared, multiplexed
 * connection per shim, and {@link dev.ttrpc.spring.client.ShimDiscovery} finds running shims in containerd's state
 * directory.
 */
@NullMarked
package dev.ttrpc.spring.client;

import org.jspecify.annotations.NullMarked;
