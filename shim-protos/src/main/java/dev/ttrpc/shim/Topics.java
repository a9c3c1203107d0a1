package dev.ttrpc.shim;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Message;
import dev.ttrpc.shim.events.ContainerCreate;
import dev.ttrpc.shim.events.ContainerDelete;
import dev.ttrpc.shim.events.ContainerUpdate;
import dev.ttrpc.shim.events.ContentCreate;
import dev.ttrpc.shim.events.ContentDelete;
import dev.ttrpc.shim.events.ImageCreate;
import dev.ttrpc.shim.events.ImageDelete;
import dev.ttrpc.shim.events.ImageUpdate;
import dev.ttrpc.shim.events.NamespaceCreate;
import dev.ttrpc.shim.events.NamespaceDelete;
import dev.ttrpc.shim.events.NamespaceUpdate;
import dev.ttrpc.shim.events.SandboxCreate;
import dev.ttrpc.shim.events.SandboxExit;
import dev.ttrpc.shim.events.SandboxStart;
import dev.ttrpc.shim.events.SnapshotCommit;
import dev.ttrpc.shim.events.SnapshotPrepare;
import dev.ttrpc.shim.events.SnapshotRemove;
import dev.ttrpc.shim.events.TaskCheckpointed;
import dev.ttrpc.shim.events.TaskCreate;
import dev.ttrpc.shim.events.TaskDelete;
import dev.ttrpc.shim.events.TaskExecAdded;
import dev.ttrpc.shim.events.TaskExecStarted;
import dev.ttrpc.shim.events.TaskExit;
import dev.ttrpc.shim.events.TaskOOM;
import dev.ttrpc.shim.events.TaskPaused;
import dev.ttrpc.shim.events.TaskResumed;
import dev.ttrpc.shim.events.TaskStart;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Event topics containerd publishes events under, i.e. {@code Envelope.topic} values.
 *
 * <p>A shim publishes the {@code /tasks/...} ones (see {@link #of(Message)} for the event message each
 * topic carries). Required order: {@link #TASK_CREATE}, {@link #TASK_START}, {@link #TASK_EXIT},
 * {@link #TASK_DELETE}; for execs {@link #TASK_EXEC_ADDED} before {@link #TASK_EXEC_STARTED}. The other
 * topics are published by containerd itself; they are listed for subscribers.
 */
public final class Topics {

  /** {@code TaskCreate}: the init process was created. */
  public static final String TASK_CREATE = "/tasks/create";
  /** {@code TaskStart}: the init process was started. */
  public static final String TASK_START = "/tasks/start";
  /** {@code TaskOOM}: an out-of-memory event hit the task. */
  public static final String TASK_OOM = "/tasks/oom";
  /** {@code TaskExit}: a process (init or exec) exited. */
  public static final String TASK_EXIT = "/tasks/exit";
  /** {@code TaskDelete}: a process was deleted. */
  public static final String TASK_DELETE = "/tasks/delete";
  /** {@code TaskExecAdded}: an exec process was registered. */
  public static final String TASK_EXEC_ADDED = "/tasks/exec-added";
  /** {@code TaskExecStarted}: an exec process was started. */
  public static final String TASK_EXEC_STARTED = "/tasks/exec-started";
  /** {@code TaskPaused}: the task was frozen. */
  public static final String TASK_PAUSED = "/tasks/paused";
  /** {@code TaskResumed}: the task was thawed. */
  public static final String TASK_RESUMED = "/tasks/resumed";
  /** {@code TaskCheckpointed}: a checkpoint was written. */
  public static final String TASK_CHECKPOINTED = "/tasks/checkpointed";
  /** Topic containerd uses for task events of a type it does not know. */
  public static final String TASK_UNKNOWN = "/tasks/?";

  /** {@code ContainerCreate}. */
  public static final String CONTAINER_CREATE = "/containers/create";
  /** {@code ContainerUpdate}. */
  public static final String CONTAINER_UPDATE = "/containers/update";
  /** {@code ContainerDelete}. */
  public static final String CONTAINER_DELETE = "/containers/delete";

  /** {@code ImageCreate}. */
  public static final String IMAGE_CREATE = "/images/create";
  /** {@code ImageUpdate}. */
  public static final String IMAGE_UPDATE = "/images/update";
  /** {@code ImageDelete}. */
  public static final String IMAGE_DELETE = "/images/delete";

  /** {@code NamespaceCreate}. */
  public static final String NAMESPACE_CREATE = "/namespaces/create";
  /** {@code NamespaceUpdate}. */
  public static final String NAMESPACE_UPDATE = "/namespaces/update";
  /** {@code NamespaceDelete}. */
  public static final String NAMESPACE_DELETE = "/namespaces/delete";

  /** {@code SnapshotPrepare} (note the singular "snapshot"). */
  public static final String SNAPSHOT_PREPARE = "/snapshot/prepare";
  /** {@code SnapshotCommit}. */
  public static final String SNAPSHOT_COMMIT = "/snapshot/commit";
  /** {@code SnapshotRemove}. */
  public static final String SNAPSHOT_REMOVE = "/snapshot/remove";

  /** {@code ContentCreate} (containerd 2.0). */
  public static final String CONTENT_CREATE = "/content/create";
  /** {@code ContentDelete}. */
  public static final String CONTENT_DELETE = "/content/delete";

  /** {@code SandboxCreate} (containerd 1.7+). */
  public static final String SANDBOX_CREATE = "/sandboxes/create";
  /** {@code SandboxStart} (containerd 1.7+). */
  public static final String SANDBOX_START = "/sandboxes/start";
  /** {@code SandboxExit} (containerd 1.7+). */
  public static final String SANDBOX_EXIT = "/sandboxes/exit";

  private static final Map<Descriptor, String> BY_TYPE = Map.ofEntries(
      Map.entry(TaskCreate.getDescriptor(), TASK_CREATE),
      Map.entry(TaskStart.getDescriptor(), TASK_START),
      Map.entry(TaskOOM.getDescriptor(), TASK_OOM),
      Map.entry(TaskExit.getDescriptor(), TASK_EXIT),
      Map.entry(TaskDelete.getDescriptor(), TASK_DELETE),
      Map.entry(TaskExecAdded.getDescriptor(), TASK_EXEC_ADDED),
      Map.entry(TaskExecStarted.getDescriptor(), TASK_EXEC_STARTED),
      Map.entry(TaskPaused.getDescriptor(), TASK_PAUSED),
      Map.entry(TaskResumed.getDescriptor(), TASK_RESUMED),
      Map.entry(TaskCheckpointed.getDescriptor(), TASK_CHECKPOINTED),
      Map.entry(ContainerCreate.getDescriptor(), CONTAINER_CREATE),
      Map.entry(ContainerUpdate.getDescriptor(), CONTAINER_UPDATE),
      Map.entry(ContainerDelete.getDescriptor(), CONTAINER_DELETE),
      Map.entry(ImageCreate.getDescriptor(), IMAGE_CREATE),
      Map.entry(ImageUpdate.getDescriptor(), IMAGE_UPDATE),
      Map.entry(ImageDelete.getDescriptor(), IMAGE_DELETE),
      Map.entry(NamespaceCreate.getDescriptor(), NAMESPACE_CREATE),
      Map.entry(NamespaceUpdate.getDescriptor(), NAMESPACE_UPDATE),
      Map.entry(NamespaceDelete.getDescriptor(), NAMESPACE_DELETE),
      Map.entry(SnapshotPrepare.getDescriptor(), SNAPSHOT_PREPARE),
      Map.entry(SnapshotCommit.getDescriptor(), SNAPSHOT_COMMIT),
      Map.entry(SnapshotRemove.getDescriptor(), SNAPSHOT_REMOVE),
      Map.entry(ContentCreate.getDescriptor(), CONTENT_CREATE),
      Map.entry(ContentDelete.getDescriptor(), CONTENT_DELETE),
      Map.entry(SandboxCreate.getDescriptor(), SANDBOX_CREATE),
      Map.entry(SandboxStart.getDescriptor(), SANDBOX_START),
      Map.entry(SandboxExit.getDescriptor(), SANDBOX_EXIT));

  private Topics() {
  }

  /**
   * Returns the topic an event message is published under.
   *
   * @param event an event message such as {@link TaskExit}
   * @return the topic, or empty when {@code event} is not one of the event messages of
   *     {@code dev.ttrpc.shim.events}
   */
  public static Optional<String> of(Message event) {
    Objects.requireNonNull(event, "event");
    return Optional.ofNullable(BY_TYPE.get(event.getDescriptorForType()));
  }
}
