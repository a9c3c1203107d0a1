package dev.ttrpc.demo.web;

import dev.ttrpc.Code;
import dev.ttrpc.TtrpcException;
import dev.ttrpc.shim.task.v2.CreateTaskRequest;
import dev.ttrpc.shim.task.v2.DeleteRequest;
import dev.ttrpc.shim.task.v2.DeleteResponse;
import dev.ttrpc.shim.task.v2.KillRequest;
import dev.ttrpc.shim.task.v2.StartRequest;
import dev.ttrpc.shim.task.v2.StateRequest;
import dev.ttrpc.shim.task.v2.TaskClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * The tasks started through the REST API, driven over TTRPC with the shim's {@link TaskClient} exactly as containerd
 * would drive a shim: a bundle, then Create and Start, State, Kill, Delete. Remembers the ids it created, since the
 * Task API has no call that lists a shim's tasks.
 */
public class DemoTasks {
  private final TaskClient shim;
  private final BundleWriter bundles;
  private final Set<String> ids = new CopyOnWriteArraySet<>();

  public DemoTasks(TaskClient shim, BundleWriter bundles) {
    this.shim = shim;
    this.bundles = bundles;
  }

  /**
   * Writes a bundle for {@code command}, then creates and starts the task.
   *
   * @throws IllegalArgumentException when the command is empty
   * @throws TtrpcException when the shim refuses (a bad program is INVALID_ARGUMENT)
   */
  public TaskView start(List<String> command) {
    if (command.isEmpty() || command.get(0).isBlank()) {
      throw new IllegalArgumentException("command must name a program, e.g. [\"sleep\", \"30\"]");
    }
    String id = "task-" + UUID.randomUUID().toString().substring(0, 8);
    Path bundle = bundles.write(id, command);
    try {
      shim.create(CreateTaskRequest.newBuilder().setId(id).setBundle(bundle.toString())
          .setStdout(BundleWriter.stdout(bundle)).setStderr(BundleWriter.stderr(bundle)).build());
    } catch (RuntimeException e) {
      bundles.remove(id);
      throw e;
    }
    ids.add(id);
    try {
      shim.start(StartRequest.newBuilder().setId(id).build());
    } catch (RuntimeException e) {
      delete(id);
      throw e;
    }
    return get(id);
  }

  /** Every task started here and not deleted, oldest first. */
  public List<TaskView> list() {
    List<TaskView> tasks = new ArrayList<>();
    for (String id : ids) {
      try {
        tasks.add(get(id));
      } catch (TtrpcException e) {
        if (e.code() != Code.NOT_FOUND) {
          throw e;
        }
        // Deleted behind our back (a Shutdown, another client): forget it.
        ids.remove(id);
      }
    }
    return tasks;
  }

  /** The state of task {@code id}; NOT_FOUND when it was not started here. */
  public TaskView get(String id) {
    requireKnown(id);
    return TaskView.of(shim.state(StateRequest.newBuilder().setId(id).build()));
  }

  /** Sends {@code signal} to task {@code id}'s init process and returns its state right after. */
  public TaskView kill(String id, int signal) {
    requireKnown(id);
    shim.kill(KillRequest.newBuilder().setId(id).setSignal(signal).build());
    return get(id);
  }

  /** Deletes a task that is no longer running, and its bundle. */
  public DeletedTask delete(String id) {
    requireKnown(id);
    DeleteResponse r = shim.delete(DeleteRequest.newBuilder().setId(id).build());
    ids.remove(id);
    bundles.remove(id);
    return new DeletedTask(id, r.getPid(), r.getExitStatus(), r.hasExitedAt() ? TaskView.instant(r.getExitedAt())
        : null);
  }

  private void requireKnown(String id) {
    if (!ids.contains(id)) {
      throw TtrpcException.of(Code.NOT_FOUND, "task " + id + " was not started by this application");
    }
  }
}
