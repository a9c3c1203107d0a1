package dev.ttrpc.shim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.ttrpc.shim.cgroups.v1.CPUStat;
import dev.ttrpc.shim.cgroups.v1.CPUUsage;
import dev.ttrpc.shim.cgroups.v1.MemoryEntry;
import dev.ttrpc.shim.cgroups.v1.MemoryStat;
import dev.ttrpc.shim.cgroups.v1.PidsStat;
import dev.ttrpc.shim.task.v2.StatsResponse;
import org.junit.jupiter.api.Test;

class CgroupMetricsTest {

  private final dev.ttrpc.shim.cgroups.v1.Metrics v1 = dev.ttrpc.shim.cgroups.v1.Metrics.newBuilder()
      .setPids(PidsStat.newBuilder().setCurrent(3).setLimit(100))
      .setCpu(CPUStat.newBuilder().setUsage(CPUUsage.newBuilder().setTotal(123456).addPerCpu(1).addPerCpu(2)))
      .setMemory(MemoryStat.newBuilder().setRss(4096).setUsage(MemoryEntry.newBuilder().setUsage(8192)))
      .build();

  private final dev.ttrpc.shim.cgroups.v2.Metrics v2 = dev.ttrpc.shim.cgroups.v2.Metrics.newBuilder()
      .setPids(dev.ttrpc.shim.cgroups.v2.PidsStat.newBuilder().setCurrent(2))
      .setCpu(dev.ttrpc.shim.cgroups.v2.CPUStat.newBuilder().setUsageUsec(99))
      .setMemory(dev.ttrpc.shim.cgroups.v2.MemoryStat.newBuilder().setUsage(1 << 20))
      .build();

  @Test
  void typeNamesAreTheUpstreamOnes() {
    assertThat(CgroupMetrics.V1_TYPE_NAME).isEqualTo("io.containerd.cgroups.v1.Metrics");
    assertThat(CgroupMetrics.V2_TYPE_NAME).isEqualTo("io.containerd.cgroups.v2.Metrics");
  }

  @Test
  void unpacksV1AsAShimSendsIt() throws Exception {
    // A Go shim writes the bare message name as type URL.
    Any stats = Any.newBuilder().setTypeUrl("io.containerd.cgroups.v1.Metrics").setValue(v1.toByteString()).build();
    assertThat(CgroupMetrics.isV1(stats)).isTrue();
    assertThat(CgroupMetrics.isV2(stats)).isFalse();
    assertThat(CgroupMetrics.unpackV1(stats)).isEqualTo(v1);
    assertThat(CgroupMetrics.unpack(stats)).isEqualTo(v1);
    assertThat(CgroupMetrics.unpack(StatsResponse.newBuilder().setStats(stats).build())).isEqualTo(v1);
  }

  @Test
  void unpacksV2WithEitherTypeUrlSpelling() throws Exception {
    assertThat(CgroupMetrics.unpack(ContainerdAny.pack(v2))).isEqualTo(v2);
    assertThat(CgroupMetrics.unpack(Any.pack(v2))).isEqualTo(v2);
    assertThat(CgroupMetrics.unpack(dev.ttrpc.shim.task.v3.StatsResponse.newBuilder()
        .setStats(ContainerdAny.pack(v2)).build())).isEqualTo(v2);
  }

  @Test
  void rejectsOtherTypesAndBrokenPayloads() {
    assertThatThrownBy(() -> CgroupMetrics.unpack(Any.getDefaultInstance()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CgroupMetrics.unpackV2(ContainerdAny.pack(v1)))
        .isInstanceOf(IllegalArgumentException.class);
    Any broken = Any.newBuilder().setTypeUrl(CgroupMetrics.V1_TYPE_NAME)
        .setValue(ByteString.copyFrom(new byte[] {(byte) 0x12, (byte) 0x05, 0x01})).build();
    assertThatThrownBy(() -> CgroupMetrics.unpack(broken)).isInstanceOf(InvalidProtocolBufferException.class);
  }
}
