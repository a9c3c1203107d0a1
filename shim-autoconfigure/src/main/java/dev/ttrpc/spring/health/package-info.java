/** Actuator health of containerd shims: {@link dev.ttrpc.spring.health.ShimsHealthContributor}. */
@NullMarked
package dev.ttrpc.spring.health;

import org.jspecify.annotations.NullMarked;
