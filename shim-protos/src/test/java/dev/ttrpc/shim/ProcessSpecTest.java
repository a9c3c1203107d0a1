package dev.ttrpc.shim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import dev.ttrpc.shim.task.v2.ExecProcessRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessSpecTest {

  @Test
  void typeUrlIsTheOneContainerdRegistersForSpecsProcess() {
    // containerd runtime/typeurl.go: Register(&specs.Process{}, "types.containerd.io",
    // "opencontainers/runtime-spec", "1", "Process"), joined with '/'.
    assertThat(ProcessSpec.TYPE_URL).isEqualTo("types.containerd.io/opencontainers/runtime-spec/1/Process");
  }

  @Test
  void rendersMinimalProcessJson() {
    ProcessSpec spec = ProcessSpec.builder().args("echo", "hi").env("PATH=/bin:/sbin").build();
    assertThat(spec.toJson()).isEqualTo("{\"terminal\":false,\"user\":{\"uid\":0,\"gid\":0},"
        + "\"args\":[\"echo\",\"hi\"],\"env\":[\"PATH=/bin:/sbin\"],\"cwd\":\"/\"}");
  }

  @Test
  void rendersAllSupportedFields() {
    ProcessSpec spec = ProcessSpec.builder()
        .terminal(true)
        .user(1000, 100)
        .additionalGids(10, 20)
        .args(List.of("sh", "-c", "true"))
        .env("A=1", "B=2")
        .cwd("/work")
        .capabilities(List.of("CAP_KILL"))
        .noNewPrivileges(true)
        .build();
    assertThat(spec.toJson()).isEqualTo("{\"terminal\":true,"
        + "\"user\":{\"uid\":1000,\"gid\":100,\"additionalGids\":[10,20]},"
        + "\"args\":[\"sh\",\"-c\",\"true\"],\"env\":[\"A=1\",\"B=2\"],\"cwd\":\"/work\","
        + "\"capabilities\":{\"bounding\":[\"CAP_KILL\"],\"effective\":[\"CAP_KILL\"],"
        + "\"permitted\":[\"CAP_KILL\"]},\"noNewPrivileges\":true}");
  }

  @Test
  void escapesStrings() {
    ProcessSpec spec = ProcessSpec.builder()
        .args("printf", "a\"b\\c\nd\te\u0001f", "ünï")
        .build();
    assertThat(spec.toJson()).contains("[\"printf\",\"a\\\"b\\\\c\\nd\\te\\u0001f\",\"ünï\"]");
  }

  @Test
  void wrapsJsonForExec() {
    Any any = ProcessSpec.builder().args("true").build().toAny();
    assertThat(any.getTypeUrl()).isEqualTo(ProcessSpec.TYPE_URL);
    assertThat(any.getValue().toString(StandardCharsets.UTF_8)).startsWith("{\"terminal\":false");

    ExecProcessRequest request = ExecProcessRequest.newBuilder()
        .setId("c1").setExecId("e1").setSpec(ProcessSpec.wrap("{\"args\":[\"true\"],\"cwd\":\"/\"}")).build();
    assertThat(request.getSpec().getValue().toStringUtf8()).isEqualTo("{\"args\":[\"true\"],\"cwd\":\"/\"}");
  }

  @Test
  void validatesArgsAndCwd() {
    assertThatThrownBy(() -> ProcessSpec.builder().build()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> ProcessSpec.builder().args("true").cwd("relative").build())
        .isInstanceOf(IllegalStateException.class);
  }
}
