package dev.ttrpc.demo.host;

import dev.ttrpc.shim.types.task.Status;
import java.io.File;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * One process of a task, the init process or an exec, run directly on the host with this JVM's user and
 * privileges: no namespaces, no cgroups, no root filesystem. Moves CREATED -> RUNNING -> STOPPED.
 */
final class HostProcess {
  private final ProcessDefinition definition;
  private final Stdio stdio;
  private final CompletableFuture<ProcessExit> exit = new CompletableFuture<>();
  private @Nullable Process process;
  private @Nullable ProcessExit exited;

  HostProcess(ProcessDefinition definition, Stdio stdio) {
    this.definition = definition;
    this.stdio = stdio;
  }

  Stdio stdio() {
    return stdio;
  }

  /**
   * Spawns the process.
   *
   * @return its pid
   * @throws dev.ttrpc.TtrpcException FAILED_PRECONDITION when it was started before, INVALID_ARGUMENT when its
   *     program or stdio cannot be opened
   */
  synchronized long start() {
    if (process != null) {
      throw ShimErrors.failedPrecondition("process already started (status " + status() + ")");
    }
    ProcessBuilder builder = new ProcessBuilder(definition.args())
        .directory(new File(definition.cwd()));
    Map<String, String> env = builder.environment();
    env.clear();
    for (String entry : definition.env()) {
      int eq = entry.indexOf('=');
      env.put(entry.substring(0, eq), entry.substring(eq + 1));
    }
    try {
      builder.redirectInput(StdioRedirects.input(stdio.stdin()))
          .redirectOutput(StdioRedirects.output("stdout", stdio.stdout()))
          .redirectError(StdioRedirects.output("stderr", stdio.stderr()));
      Process started = builder.start();
      process = started;
      started.onExit().thenAccept(this::exited);
      return started.pid();
    } catch (IOException | IllegalArgumentException e) {
      throw ShimErrors.invalidArgument("cannot start " + definition.args() + " in " + definition.cwd() + ": "
          + e.getMessage());
    }
  }

  private synchronized void exited(Process p) {
    exited = new ProcessExit(p.exitValue(), Instant.now());
    exit.complete(exited);
  }

  synchronized Status status() {
    if (exited != null) {
      return Status.STOPPED;
    }
    return process == null ? Status.CREATED : Status.RUNNING;
  }

  /** The pid, 0 before the process is started. */
  synchronized long pid() {
    return process == null ? 0 : process.pid();
  }

  synchronized @Nullable ProcessExit exited() {
    return exited;
  }

  /** Completes when the process exits; fails with NOT_FOUND when it is deleted without ever running. */
  CompletableFuture<ProcessExit> exit() {
    return exit;
  }

  /**
   * Signals the process, and with {@code all} every process it started too.
   *
   * @throws dev.ttrpc.TtrpcException FAILED_PRECONDITION before start, NOT_FOUND once it has exited
   */
  synchronized void kill(int signal, boolean all) {
    if (process == null) {
      throw ShimErrors.failedPrecondition("process not started");
    }
    if (exited != null || !process.isAlive()) {
      throw ShimErrors.processFinished();
    }
    Stream<ProcessHandle> targets = all
        ? Stream.concat(process.toHandle().descendants(), Stream.of(process.toHandle()))
        : Stream.of(process.toHandle());
    targets.forEach(handle -> Signals.send(handle, signal));
  }

  /** Forcibly ends the process and whatever it started, if it runs; a process never started can no longer be. */
  synchronized void destroy() {
    if (process == null) {
      exit.completeExceptionally(ShimErrors.failedPrecondition("process deleted before it was started"));
      return;
    }
    process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }
}
