/**
 * Auto-configuration of containerd shim clients, configured under {@code shim.client.*} and {@code shim.discovery.*}.
 */
@NullMarked
package dev.ttrpc.spring.autoconfigure;

import org.jspecify.annotations.NullMarked;
