/**
 * containerd's shim API for Java: the generated messages live in the sub-packages
 * ({@code dev.ttrpc.shim.task.v2}, {@code dev.ttrpc.shim.task.v3}, {@code dev.ttrpc.shim.sandbox.v1},
 * {@code dev.ttrpc.shim.events}, {@code dev.ttrpc.shim.types}, {@code dev.ttrpc.shim.types.task},
 * {@code dev.ttrpc.shim.cgroups.v1}, {@code dev.ttrpc.shim.cgroups.v2}, {@code dev.ttrpc.shim.runc.options});
 * this package holds small helpers around them: containerd-style {@code Any} handling
 * ({@link dev.ttrpc.shim.ContainerdAny}), cgroup metrics unpacking ({@link dev.ttrpc.shim.CgroupMetrics}),
 * OCI process specs for {@code Exec} ({@link dev.ttrpc.shim.ProcessSpec}), event topics
 * ({@link dev.ttrpc.shim.Topics}), metadata keys ({@link dev.ttrpc.shim.ShimMetadata}) and the list of all
 * descriptors ({@link dev.ttrpc.shim.ShimProtos}).
 */
package dev.ttrpc.shim;
