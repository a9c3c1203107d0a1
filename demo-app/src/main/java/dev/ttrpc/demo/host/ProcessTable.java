package dev.ttrpc.demo.host;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The tasks the host shim knows, by id. */
final class ProcessTable {
  private final Map<String, HostTask> tasks = new ConcurrentHashMap<>();

  /** Adds a task; ALREADY_EXISTS when its id is taken. */
  void add(HostTask task) {
    if (tasks.putIfAbsent(task.id(), task) != null) {
      throw ShimErrors.alreadyExists("container", task.id());
    }
  }

  /** The task {@code id}; NOT_FOUND when unknown. */
  HostTask get(String id) {
    HostTask task = tasks.get(id);
    if (task == null) {
      throw ShimErrors.containerNotFound(id);
    }
    return task;
  }

  /** Removes the task {@code id}; NOT_FOUND when unknown. */
  HostTask remove(String id) {
    HostTask task = tasks.remove(id);
    if (task == null) {
      throw ShimErrors.containerNotFound(id);
    }
    return task;
  }

  boolean isEmpty() {
    return tasks.isEmpty();
  }

  /** Forcibly ends every process of every task and forgets them all. */
  void destroyAll() {
    List<HostTask> all = List.copyOf(tasks.values());
    tasks.clear();
    all.forEach(HostTask::destroy);
  }
}
