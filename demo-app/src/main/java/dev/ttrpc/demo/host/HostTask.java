package dev.ttrpc.demo.host;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** A task ("container") of the host shim: its bundle, its init process and the processes exec'd into it. */
final class HostTask {
  private final String id;
  private final String bundle;
  private final HostProcess init;
  private final Map<String, HostProcess> execs = new ConcurrentHashMap<>();

  HostTask(String id, String bundle, HostProcess init) {
    this.id = id;
    this.bundle = bundle;
    this.init = init;
  }

  String id() {
    return id;
  }

  String bundle() {
    return bundle;
  }

  HostProcess init() {
    return init;
  }

  /** The init process for an empty {@code execId}, else that exec; NOT_FOUND when there is no such exec. */
  HostProcess process(String execId) {
    if (execId.isEmpty()) {
      return init;
    }
    HostProcess exec = execs.get(execId);
    if (exec == null) {
      throw ShimErrors.processNotFound(execId);
    }
    return exec;
  }

  /** Adds an exec; ALREADY_EXISTS when the id is taken. */
  void addExec(String execId, HostProcess exec) {
    if (execs.putIfAbsent(execId, exec) != null) {
      throw ShimErrors.alreadyExists("exec", execId);
    }
  }

  /** Removes an exec; NOT_FOUND when there is none of that id. */
  HostProcess removeExec(String execId) {
    HostProcess exec = execs.remove(execId);
    if (exec == null) {
      throw ShimErrors.processNotFound(execId);
    }
    return exec;
  }

  /** The init process first, then the execs. */
  List<HostProcess> processes() {
    return Stream.concat(Stream.of(init), execs.values().stream()).toList();
  }

  /** Forcibly ends every process of the task. */
  void destroy() {
    execs.values().forEach(HostProcess::destroy);
    init.destroy();
  }
}
