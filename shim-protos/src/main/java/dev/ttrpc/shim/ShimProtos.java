package dev.ttrpc.shim;

import com.google.protobuf.Descriptors.FileDescriptor;
import java.util.List;

/**
 * Every {@code .proto} file of this module, as runtime descriptors (for reflection, {@code Any}
 * resolution or comparing against upstream definitions).
 */
public final class ShimProtos {

  private static final List<FileDescriptor> FILES = List.of(
      dev.ttrpc.shim.types.MountProto.getDescriptor(),
      dev.ttrpc.shim.types.MetricProto.getDescriptor(),
      dev.ttrpc.shim.types.ContentDescriptorProto.getDescriptor(),
      dev.ttrpc.shim.types.PlatformProto.getDescriptor(),
      dev.ttrpc.shim.types.IntrospectionProto.getDescriptor(),
      dev.ttrpc.shim.types.EventEnvelopeProto.getDescriptor(),
      dev.ttrpc.shim.types.task.TaskTypesProto.getDescriptor(),
      dev.ttrpc.shim.events.TaskEventsProto.getDescriptor(),
      dev.ttrpc.shim.events.ContainerEventsProto.getDescriptor(),
      dev.ttrpc.shim.events.ImageEventsProto.getDescriptor(),
      dev.ttrpc.shim.events.NamespaceEventsProto.getDescriptor(),
      dev.ttrpc.shim.events.SnapshotEventsProto.getDescriptor(),
      dev.ttrpc.shim.events.ContentEventsProto.getDescriptor(),
      dev.ttrpc.shim.events.SandboxEventsProto.getDescriptor(),
      dev.ttrpc.shim.events.EventsServiceProto.getDescriptor(),
      dev.ttrpc.shim.task.v2.ShimProto.getDescriptor(),
      dev.ttrpc.shim.task.v3.ShimProto.getDescriptor(),
      dev.ttrpc.shim.sandbox.v1.SandboxProto.getDescriptor(),
      dev.ttrpc.shim.runc.options.RuncOptionsProto.getDescriptor(),
      dev.ttrpc.shim.cgroups.v1.CgroupsV1MetricsProto.getDescriptor(),
      dev.ttrpc.shim.cgroups.v2.CgroupsV2MetricsProto.getDescriptor());

  private ShimProtos() {
  }

  /**
   * Returns the file descriptors of all shim API files in this module.
   *
   * @return an immutable list, one entry per {@code .proto} file
   */
  public static List<FileDescriptor> fileDescriptors() {
    return FILES;
  }
}
