package dev.ttrpc.demo.host;

import com.google.protobuf.Empty;
import com.google.protobuf.Timestamp;
import dev.ttrpc.TtrpcException;
import dev.ttrpc.server.ServerContext;
import dev.ttrpc.shim.ProcessSpec;
import dev.ttrpc.shim.task.v2.ConnectRequest;
import dev.ttrpc.shim.task.v2.ConnectResponse;
import dev.ttrpc.shim.task.v2.CreateTaskRequest;
import dev.ttrpc.shim.task.v2.CreateTaskResponse;
import dev.ttrpc.shim.task.v2.DeleteRequest;
import dev.ttrpc.shim.task.v2.DeleteResponse;
import dev.ttrpc.shim.task.v2.ExecProcessRequest;
import dev.ttrpc.shim.task.v2.KillRequest;
import dev.ttrpc.shim.task.v2.PidsRequest;
import dev.ttrpc.shim.task.v2.PidsResponse;
import dev.ttrpc.shim.task.v2.ShutdownRequest;
import dev.ttrpc.shim.task.v2.StartRequest;
import dev.ttrpc.shim.task.v2.StartResponse;
import dev.ttrpc.shim.task.v2.StateRequest;
import dev.ttrpc.shim.task.v2.StateResponse;
import dev.ttrpc.shim.task.v2.TaskService;
import dev.ttrpc.shim.task.v2.WaitRequest;
import dev.ttrpc.shim.task.v2.WaitResponse;
import dev.ttrpc.shim.types.task.ProcessInfo;
import dev.ttrpc.shim.types.task.Status;
import java.time.Instant;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * containerd's Task API (v2) over <strong>real processes on the host, with no isolation at all</strong>.
 *
 * <p><strong>Warning:</strong> whoever can call this service runs any command as the user of this JVM, with its
 * privileges, its filesystem and its network. There are no namespaces, no cgroups, no root filesystem, no user
 * switch: of a bundle's {@code config.json} only {@code process.args}, {@code process.cwd} and {@code process.env}
 * are used. It exists to demonstrate the starter without containerd; never expose its socket to anyone you would not
 * give a shell.
 *
 * <p>Create reads the bundle's {@code config.json}; Start spawns the process; State, Pids, Wait, Kill (SIGKILL and
 * SIGTERM through the JDK, other signals through {@code /bin/kill}), Delete, Exec (an OCI process JSON in
 * {@code spec}, type {@value ProcessSpec#TYPE_URL}) and Start of an exec id, Connect and Shutdown are real. A
 * process ended by a signal exits with 128 + the signal's number, as a shell reports it (137 after SIGKILL). Pause,
 * Resume, Checkpoint, ResizePty, CloseIO, Update and Stats answer UNIMPLEMENTED. Errors carry containerd's codes.
 * {@link #shutdown} and {@link #close} kill every process this service started.
 */
public class HostTaskService implements TaskService, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HostTaskService.class);
  private static final String VERSION = "ttrpc-java demo host shim";

  private final ProcessTable table = new ProcessTable();

  @Override
  public CreateTaskResponse create(CreateTaskRequest request, @Nullable ServerContext context) {
    requireId(request.getId());
    if (request.getTerminal()) {
      throw ShimErrors.invalidArgument("terminal is not supported by the host shim");
    }
    ProcessDefinition definition;
    try {
      definition = BundleReader.read(request.getBundle());
    } catch (IllegalArgumentException e) {
      throw ShimErrors.invalidArgument("create " + request.getId() + ": " + e.getMessage());
    }
    table.add(new HostTask(request.getId(), request.getBundle(),
        new HostProcess(definition, new Stdio(request.getStdin(), request.getStdout(), request.getStderr()))));
    log.info("Created task {} from bundle {}: {} (host process, no isolation)", request.getId(),
        request.getBundle(), definition.args());
    // A host process has no pid before Start: runc's would be its paused init, which we do not have.
    return CreateTaskResponse.getDefaultInstance();
  }

  @Override
  public StartResponse start(StartRequest request, @Nullable ServerContext context) {
    HostProcess process = table.get(request.getId()).process(request.getExecId());
    long pid = process.start();
    return StartResponse.newBuilder().setPid((int) pid).build();
  }

  @Override
  public StateResponse state(StateRequest request, @Nullable ServerContext context) {
    HostTask task = table.get(request.getId());
    HostProcess process = task.process(request.getExecId());
    StateResponse.Builder state = StateResponse.newBuilder().setId(task.id()).setExecId(request.getExecId())
        .setBundle(task.bundle()).setPid((int) process.pid()).setStatus(process.status())
        .setStdin(process.stdio().stdin()).setStdout(process.stdio().stdout())
        .setStderr(process.stdio().stderr());
    ProcessExit exit = process.exited();
    if (exit != null) {
      state.setExitStatus(exit.status()).setExitedAt(timestamp(exit.at()));
    }
    return state.build();
  }

  @Override
  public PidsResponse pids(PidsRequest request, @Nullable ServerContext context) {
    PidsResponse.Builder pids = PidsResponse.newBuilder();
    for (HostProcess process : table.get(request.getId()).processes()) {
      if (process.status() == Status.RUNNING) {
        pids.addProcesses(ProcessInfo.newBuilder().setPid((int) process.pid()));
      }
    }
    return pids.build();
  }

  @Override
  public WaitResponse wait(WaitRequest request, @Nullable ServerContext context) {
    HostProcess process = table.get(request.getId()).process(request.getExecId());
    ProcessExit exit;
    try {
      exit = process.exit().join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof TtrpcException t ? t : e;
    }
    return WaitResponse.newBuilder().setExitStatus(exit.status()).setExitedAt(timestamp(exit.at())).build();
  }

  @Override
  public Empty kill(KillRequest request, @Nullable ServerContext context) {
    if (request.getSignal() <= 0) {
      throw ShimErrors.invalidArgument("signal must be a positive number, not " + request.getSignal());
    }
    HostProcess process = table.get(request.getId()).process(request.getExecId());
    try {
      process.kill(request.getSignal(), request.getAll());
    } catch (IllegalStateException e) {
      throw ShimErrors.invalidArgument("signal " + request.getSignal() + ": " + e.getMessage());
    }
    return Empty.getDefaultInstance();
  }

  @Override
  public DeleteResponse delete(DeleteRequest request, @Nullable ServerContext context) {
    HostTask task = table.get(request.getId());
    HostProcess process = task.process(request.getExecId());
    if (process.status() == Status.RUNNING) {
      throw ShimErrors.failedPrecondition("cannot delete a running process (" + request.getId()
          + (request.getExecId().isEmpty() ? "" : " exec " + request.getExecId()) + "); kill it first");
    }
    if (request.getExecId().isEmpty()) {
      table.remove(task.id());
      task.destroy();
    } else {
      task.removeExec(request.getExecId()).destroy();
    }
    DeleteResponse.Builder deleted = DeleteResponse.newBuilder().setPid((int) process.pid());
    ProcessExit exit = process.exited();
    if (exit != null) {
      deleted.setExitStatus(exit.status()).setExitedAt(timestamp(exit.at()));
    }
    return deleted.build();
  }

  @Override
  public Empty exec(ExecProcessRequest request, @Nullable ServerContext context) {
    requireId(request.getExecId());
    HostTask task = table.get(request.getId());
    if (task.init().status() != Status.RUNNING) {
      throw ShimErrors.failedPrecondition("container " + task.id() + " is not running (" + task.init().status()
          + "): cannot exec " + request.getExecId());
    }
    if (request.getTerminal()) {
      throw ShimErrors.invalidArgument("terminal is not supported by the host shim");
    }
    if (!request.hasSpec() || !ProcessSpec.TYPE_URL.equals(request.getSpec().getTypeUrl())) {
      throw ShimErrors.invalidArgument("exec " + request.getExecId() + ": spec must be an Any of type "
          + ProcessSpec.TYPE_URL + ", not '" + request.getSpec().getTypeUrl() + "'");
    }
    ProcessDefinition definition;
    try {
      definition = OciProcessParser.fromProcess(request.getSpec().getValue().toByteArray(),
          "exec " + request.getExecId() + " spec");
    } catch (IllegalArgumentException e) {
      throw ShimErrors.invalidArgument(e.getMessage());
    }
    task.addExec(request.getExecId(),
        new HostProcess(definition, new Stdio(request.getStdin(), request.getStdout(), request.getStderr())));
    return Empty.getDefaultInstance();
  }

  @Override
  public ConnectResponse connect(ConnectRequest request, @Nullable ServerContext context) {
    ConnectResponse.Builder connected = ConnectResponse.newBuilder()
        .setShimPid((int) ProcessHandle.current().pid()).setVersion(VERSION);
    try {
      connected.setTaskPid((int) table.get(request.getId()).init().pid());
    } catch (TtrpcException unknown) {
      // As runc's shim does: an unknown id still gets the shim's pid.
    }
    return connected.build();
  }

  /**
   * Kills every process and forgets every task when asked with {@code now}, or when no task is left, as containerd's
   * shims do. The socket stays served: it belongs to the application, which outlives the shim's tasks.
   */
  @Override
  public Empty shutdown(ShutdownRequest request, @Nullable ServerContext context) {
    if (request.getNow() || table.isEmpty()) {
      log.info("Shutdown{now={}}: killing every host process", request.getNow());
      table.destroyAll();
    }
    return Empty.getDefaultInstance();
  }

  /** Kills every process this service started; the application calls this when it stops. */
  @Override
  public void close() {
    table.destroyAll();
  }

  private static void requireId(String id) {
    if (id.isEmpty()) {
      throw ShimErrors.invalidArgument("id must not be empty");
    }
  }

  private static Timestamp timestamp(Instant at) {
    return Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()).build();
  }
}
