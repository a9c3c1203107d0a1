package dev.ttrpc.demo.web;

import com.google.protobuf.Timestamp;
import dev.ttrpc.shim.task.v2.StateResponse;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A task as the REST API shows it.
 *
 * @param id the task's id
 * @param pid its init process's pid, 0 before it started
 * @param status CREATED, RUNNING or STOPPED
 * @param exitStatus the exit status once STOPPED (137 after SIGKILL)
 * @param exitedAt when it exited; null while it runs
 */
public record TaskView(String id, int pid, String status, int exitStatus, @Nullable Instant exitedAt) {

  static TaskView of(StateResponse state) {
    return new TaskView(state.getId(), state.getPid(), state.getStatus().name(), state.getExitStatus(),
        state.hasExitedAt() ? instant(state.getExitedAt()) : null);
  }

  static Instant instant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }
}
