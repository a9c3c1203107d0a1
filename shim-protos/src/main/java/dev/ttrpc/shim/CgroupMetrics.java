package dev.ttrpc.shim;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import java.util.Objects;

/**
 * Decodes the {@code stats} field of a Task {@code Stats} answer.
 *
 * <p>Linux shims answer with {@code io.containerd.cgroups.v1.Metrics} on cgroup v1 hosts and
 * {@code io.containerd.cgroups.v2.Metrics} on cgroup v2 (unified) hosts, usually with the bare message name
 * as type URL (see {@link ContainerdAny}). The type URL decides which one is decoded.
 */
public final class CgroupMetrics {

  /** Full name of the cgroup v1 metrics message. */
  public static final String V1_TYPE_NAME = dev.ttrpc.shim.cgroups.v1.Metrics.getDescriptor().getFullName();

  /** Full name of the cgroup v2 metrics message. */
  public static final String V2_TYPE_NAME = dev.ttrpc.shim.cgroups.v2.Metrics.getDescriptor().getFullName();

  private CgroupMetrics() {
  }

  /**
   * Tells whether the value holds cgroup v1 metrics.
   *
   * @param stats the {@code Any} from a Stats answer
   * @return true for {@code io.containerd.cgroups.v1.Metrics}
   */
  public static boolean isV1(Any stats) {
    return ContainerdAny.is(stats, dev.ttrpc.shim.cgroups.v1.Metrics.getDescriptor());
  }

  /**
   * Tells whether the value holds cgroup v2 metrics.
   *
   * @param stats the {@code Any} from a Stats answer
   * @return true for {@code io.containerd.cgroups.v2.Metrics}
   */
  public static boolean isV2(Any stats) {
    return ContainerdAny.is(stats, dev.ttrpc.shim.cgroups.v2.Metrics.getDescriptor());
  }

  /**
   * Decodes cgroup v1 metrics.
   *
   * @param stats the {@code Any} from a Stats answer
   * @return the metrics
   * @throws IllegalArgumentException if the value holds another type
   * @throws InvalidProtocolBufferException if the payload does not parse
   */
  public static dev.ttrpc.shim.cgroups.v1.Metrics unpackV1(Any stats) throws InvalidProtocolBufferException {
    return ContainerdAny.unpack(stats, dev.ttrpc.shim.cgroups.v1.Metrics.getDefaultInstance());
  }

  /**
   * Decodes cgroup v2 metrics.
   *
   * @param stats the {@code Any} from a Stats answer
   * @return the metrics
   * @throws IllegalArgumentException if the value holds another type
   * @throws InvalidProtocolBufferException if the payload does not parse
   */
  public static dev.ttrpc.shim.cgroups.v2.Metrics unpackV2(Any stats) throws InvalidProtocolBufferException {
    return ContainerdAny.unpack(stats, dev.ttrpc.shim.cgroups.v2.Metrics.getDefaultInstance());
  }

  /**
   * Decodes whichever cgroup metrics version the value holds.
   *
   * @param stats the {@code Any} from a Stats answer
   * @return a {@link dev.ttrpc.shim.cgroups.v1.Metrics} or a {@link dev.ttrpc.shim.cgroups.v2.Metrics}
   * @throws IllegalArgumentException if the value holds neither
   * @throws InvalidProtocolBufferException if the payload does not parse
   */
  public static Message unpack(Any stats) throws InvalidProtocolBufferException {
    Objects.requireNonNull(stats, "stats");
    if (isV1(stats)) {
      return unpackV1(stats);
    }
    if (isV2(stats)) {
      return unpackV2(stats);
    }
    throw new IllegalArgumentException("not cgroup metrics: type URL '" + stats.getTypeUrl() + "'");
  }

  /**
   * Decodes the metrics of a task API v2 Stats answer.
   *
   * @param response the answer
   * @return cgroup v1 or v2 metrics, see {@link #unpack(Any)}
   * @throws InvalidProtocolBufferException if the payload does not parse
   */
  public static Message unpack(dev.ttrpc.shim.task.v2.StatsResponse response) throws InvalidProtocolBufferException {
    return unpack(response.getStats());
  }

  /**
   * Decodes the metrics of a task API v3 Stats answer.
   *
   * @param response the answer
   * @return cgroup v1 or v2 metrics, see {@link #unpack(Any)}
   * @throws InvalidProtocolBufferException if the payload does not parse
   */
  public static Message unpack(dev.ttrpc.shim.task.v3.StatsResponse response) throws InvalidProtocolBufferException {
    return unpack(response.getStats());
  }
}
