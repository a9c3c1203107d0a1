package dev.ttrpc.spring.actuate;

import dev.ttrpc.shim.task.v2.PidsResponse;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The pids of a task's processes (from {@code Pids}), or the error that kept them from being read. Only pids: the
 * runtime-specific process info the answer also carries may hold a process's arguments or environment.
 *
 * @param pids the pids, in the shim's order; empty on error
 * @param error why the pids could not be read, or null
 */
public record PidsDescriptor(List<Long> pids, @Nullable String error) {

  static PidsDescriptor of(Answer<PidsResponse> answer) {
    PidsResponse r = answer.value();
    if (r == null) {
      return new PidsDescriptor(List.of(), answer.error());
    }
    return new PidsDescriptor(r.getProcessesList().stream().map(p -> Integer.toUnsignedLong(p.getPid())).toList(),
        null);
  }
}
