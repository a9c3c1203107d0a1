/**
 * Actuator endpoint of containerd shims: {@link dev.ttrpc.spring.actuate.ShimsEndpoint} and the descriptors it
 * answers with. Descriptors copy only what is safe to show (status, pids, exit, cgroup totals), never a process's
 * arguments, environment or stdio paths.
 */
@NullMarked
package dev.ttrpc.spring.actuate;

import org.jspecify.annotations.NullMarked;
