/** Actuator endpoint of containerd shims: {@link dev.ttrpc.spring.actuate.ShimsEndpoint}. */
@NullMarked
package dev.ttrpc.spring.actuate;

import org.jspecify.annotations.NullMarked;
