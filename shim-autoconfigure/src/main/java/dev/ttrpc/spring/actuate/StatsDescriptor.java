package dev.ttrpc.spring.actuate;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.ttrpc.shim.CgroupMetrics;
import dev.ttrpc.shim.task.v2.StatsResponse;
import org.jspecify.annotations.Nullable;

/**
 * A summary of a task's cgroup statistics (from {@code Stats}), or the error that kept them from being read. A value
 * the shim did not report is null.
 *
 * @param cgroup {@code v1} or {@code v2}: which statistics the shim sent
 * @param memoryUsageBytes the memory in use
 * @param cpuUsageNanos the CPU time used in total, in nanoseconds
 * @param pidsCurrent the number of processes and threads in the cgroup
 * @param error why the statistics could not be read, or null
 */
public record StatsDescriptor(@Nullable String cgroup, @Nullable Long memoryUsageBytes, @Nullable Long cpuUsageNanos,
    @Nullable Long pidsCurrent, @Nullable String error) {

  static StatsDescriptor of(Answer<StatsResponse> answer) {
    StatsResponse r = answer.value();
    if (r == null) {
      return failed(answer.error());
    }
    try {
      if (CgroupMetrics.isV1(r.getStats())) {
        return v1(CgroupMetrics.unpackV1(r.getStats()));
      }
      if (CgroupMetrics.isV2(r.getStats())) {
        return v2(CgroupMetrics.unpackV2(r.getStats()));
      }
      return failed("not cgroup metrics: type URL '" + r.getStats().getTypeUrl() + "'");
    } catch (InvalidProtocolBufferException e) {
      return failed("cgroup metrics do not parse: " + e.getMessage());
    }
  }

  private static StatsDescriptor v1(dev.ttrpc.shim.cgroups.v1.Metrics m) {
    return new StatsDescriptor("v1",
        m.hasMemory() && m.getMemory().hasUsage() ? m.getMemory().getUsage().getUsage() : null,
        m.hasCpu() && m.getCpu().hasUsage() ? m.getCpu().getUsage().getTotal() : null,
        m.hasPids() ? m.getPids().getCurrent() : null, null);
  }

  /** cgroup v2 counts CPU time in microseconds. */
  private static StatsDescriptor v2(dev.ttrpc.shim.cgroups.v2.Metrics m) {
    return new StatsDescriptor("v2", m.hasMemory() ? m.getMemory().getUsage() : null,
        m.hasCpu() ? m.getCpu().getUsageUsec() * 1000 : null, m.hasPids() ? m.getPids().getCurrent() : null, null);
  }

  private static StatsDescriptor failed(@Nullable String error) {
    return new StatsDescriptor(null, null, null, null, error);
  }
}
