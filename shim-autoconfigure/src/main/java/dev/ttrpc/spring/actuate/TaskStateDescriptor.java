package dev.ttrpc.spring.actuate;

import dev.ttrpc.shim.task.v2.StateResponse;
import dev.ttrpc.shim.types.task.Status;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A task's state as its shim reports it (from {@code State}), or the error that kept it from being read. Only the
 * status, pid and exit are kept: never the bundle or stdio paths the answer also carries.
 *
 * @param status the task's status ({@code RUNNING}, {@code STOPPED}, ...)
 * @param pid the task's pid
 * @param exitStatus the exit status, when stopped
 * @param exitedAt when the task exited, when stopped and the shim says
 * @param error why the state could not be read, or null
 */
public record TaskStateDescriptor(@Nullable String status, @Nullable Long pid, @Nullable Long exitStatus,
    @Nullable Instant exitedAt, @Nullable String error) {

  static TaskStateDescriptor of(Answer<StateResponse> answer) {
    StateResponse r = answer.value();
    if (r == null) {
      return new TaskStateDescriptor(null, null, null, null, answer.error());
    }
    boolean stopped = r.getStatus() == Status.STOPPED;
    Instant exitedAt = stopped && r.hasExitedAt()
        ? Instant.ofEpochSecond(r.getExitedAt().getSeconds(), r.getExitedAt().getNanos()) : null;
    return new TaskStateDescriptor(r.getStatus().name(), Integer.toUnsignedLong(r.getPid()),
        stopped ? Integer.toUnsignedLong(r.getExitStatus()) : null, exitedAt, null);
  }
}
