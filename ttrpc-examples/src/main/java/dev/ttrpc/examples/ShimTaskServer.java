package dev.ttrpc.examples;

import dev.ttrpc.Code;
import dev.ttrpc.TtrpcException;
import dev.ttrpc.server.ServerContext;
import dev.ttrpc.server.TtrpcServer;
import dev.ttrpc.shim.task.v2.ConnectRequest;
import dev.ttrpc.shim.task.v2.ConnectResponse;
import dev.ttrpc.shim.task.v2.StateRequest;
import dev.ttrpc.shim.task.v2.StateResponse;
import dev.ttrpc.shim.task.v2.TaskService;
import dev.ttrpc.shim.task.v2.TaskTtrpc;
import dev.ttrpc.shim.types.task.Status;
import java.time.Duration;

/**
 * The smallest shim server: the Task API with Connect and State for one pretend container, every other method
 * answering UNIMPLEMENTED as the generated interface does by default. {@code task-server --socket PATH}.
 */
public final class ShimTaskServer implements TaskService {
  private final String containerId;

  public ShimTaskServer(String containerId) {
    this.containerId = containerId;
  }

  @Override
  public ConnectResponse connect(ConnectRequest request, ServerContext context) {
    long pid = ProcessHandle.current().pid();
    ConnectResponse.Builder r = ConnectResponse.newBuilder().setShimPid((int) pid);
    return request.getId().equals(containerId) ? r.setTaskPid((int) pid).build() : r.build();
  }

  @Override
  public StateResponse state(StateRequest request, ServerContext context) {
    if (!request.getId().equals(containerId)) {
      throw TtrpcException.of(Code.NOT_FOUND, "container not created: not found");
    }
    return StateResponse.newBuilder().setId(containerId).setPid((int) ProcessHandle.current().pid())
        .setStatus(Status.RUNNING).build();
  }

  /** Serves until the process is stopped. */
  static void serve(String socket) throws Exception {
    TtrpcServer server = TtrpcServer.builder("unix://" + socket)
        .service(TaskTtrpc.bindService(new ShimTaskServer("example")))
        .build()
        .start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> server.shutdown(Duration.ofSeconds(5))));
    System.out.println("READY (container id \"example\"; try: connect --socket unix://" + socket
        + " --id example)");
    Thread.currentThread().join();
  }
}
