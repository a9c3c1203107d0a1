package dev.ttrpc.shim;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import dev.ttrpc.shim.events.TaskExecStarted;
import dev.ttrpc.shim.events.TaskExit;
import dev.ttrpc.shim.events.TaskOOM;
import dev.ttrpc.shim.task.v2.StateRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopicsTest {

  @Test
  void taskTopicsMatchContainerd() {
    // containerd runtime/events.go
    assertThat(List.of(Topics.TASK_CREATE, Topics.TASK_START, Topics.TASK_OOM, Topics.TASK_EXIT,
        Topics.TASK_DELETE, Topics.TASK_EXEC_ADDED, Topics.TASK_EXEC_STARTED, Topics.TASK_PAUSED,
        Topics.TASK_RESUMED, Topics.TASK_CHECKPOINTED, Topics.TASK_UNKNOWN))
        .containsExactly("/tasks/create", "/tasks/start", "/tasks/oom", "/tasks/exit", "/tasks/delete",
            "/tasks/exec-added", "/tasks/exec-started", "/tasks/paused", "/tasks/resumed",
            "/tasks/checkpointed", "/tasks/?");
  }

  @Test
  void mapsEventMessagesToTopics() {
    assertThat(Topics.of(TaskExit.getDefaultInstance())).contains(Topics.TASK_EXIT);
    assertThat(Topics.of(TaskOOM.newBuilder().setContainerId("c").build())).contains("/tasks/oom");
    assertThat(Topics.of(TaskExecStarted.getDefaultInstance())).contains("/tasks/exec-started");
    assertThat(Topics.of(dev.ttrpc.shim.events.ImageDelete.getDefaultInstance())).contains("/images/delete");
    assertThat(Topics.of(dev.ttrpc.shim.events.SnapshotCommit.getDefaultInstance())).contains("/snapshot/commit");
    assertThat(Topics.of(StateRequest.getDefaultInstance())).isEmpty();
  }

  @Test
  void everyEventMessageHasATopic() {
    List<Descriptor> events = ShimProtos.fileDescriptors().stream()
        .filter(f -> f.getName().startsWith("containerd/events/"))
        .flatMap(f -> f.getMessageTypes().stream())
        .filter(d -> !d.getName().equals("TaskIO"))
        .toList();
    assertThat(events).hasSizeGreaterThan(20).allSatisfy(d ->
        assertThat(Topics.of(DynamicMessage.getDefaultInstance(d))).as(d.getFullName()).isPresent());
  }

  @Test
  void namespaceKeyIsTheTtrpcOne() {
    assertThat(ShimMetadata.NAMESPACE_KEY).isEqualTo("containerd-namespace-ttrpc");
  }
}
