package dev.ttrpc.shim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import dev.ttrpc.shim.events.TaskExit;
import dev.ttrpc.shim.events.TaskStart;
import dev.ttrpc.shim.runc.options.Options;
import org.junit.jupiter.api.Test;

class ContainerdAnyTest {

  private final TaskExit exit = TaskExit.newBuilder().setContainerId("c1").setPid(42).setExitStatus(3).build();

  @Test
  void packWritesTheBareMessageNameAsContainerdDoes() {
    Any any = ContainerdAny.pack(exit);
    assertThat(any.getTypeUrl()).isEqualTo("containerd.events.TaskExit");
    assertThat(any.getValue()).isEqualTo(exit.toByteString());
  }

  @Test
  void readsBareAndPrefixedTypeUrls() throws Exception {
    assertThat(ContainerdAny.unpack(ContainerdAny.pack(exit), TaskExit.getDefaultInstance())).isEqualTo(exit);
    assertThat(ContainerdAny.unpack(Any.pack(exit), TaskExit.getDefaultInstance())).isEqualTo(exit);
    assertThat(ContainerdAny.is(Any.pack(exit), TaskExit.getDescriptor())).isTrue();
    assertThat(ContainerdAny.typeName("type.googleapis.com/containerd.runc.v1.Options"))
        .isEqualTo("containerd.runc.v1.Options");
    assertThat(ContainerdAny.typeName("containerd.runc.v1.Options")).isEqualTo(Options.getDescriptor().getFullName());
  }

  @Test
  void refusesAnotherType() {
    Any any = ContainerdAny.pack(exit);
    assertThat(ContainerdAny.is(any, TaskStart.getDescriptor())).isFalse();
    assertThatThrownBy(() -> ContainerdAny.unpack(any, TaskStart.getDefaultInstance()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("containerd.events.TaskExit")
        .hasMessageContaining("containerd.events.TaskStart");
  }
}
