/**
 * Auto-configuration of containerd shim clients, configured under {@code shim.client.*} and {@code shim.discovery.*},
 * and of a shim server, configured under {@code shim.server.*}.
 */
@NullMarked
package dev.ttrpc.spring.autoconfigure;

import org.jspecify.annotations.NullMarked;
