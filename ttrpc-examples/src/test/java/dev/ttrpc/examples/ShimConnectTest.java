package dev.ttrpc.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ttrpc.Code;
import dev.ttrpc.TtrpcException;
import dev.ttrpc.server.ServerContext;
import dev.ttrpc.server.TtrpcServer;
import dev.ttrpc.shim.ShimMetadata;
import dev.ttrpc.shim.task.v2.ConnectRequest;
import dev.ttrpc.shim.task.v2.ConnectResponse;
import dev.ttrpc.shim.task.v2.TaskService;
import dev.ttrpc.shim.task.v2.TaskTtrpc;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ShimConnectTest {
  /** A stand-in shim: answers Connect for container "peer" in namespace "peerlab", as the runc shim does. */
  private static final TaskService SHIM = new TaskService() {
    @Override
    public ConnectResponse connect(ConnectRequest request, ServerContext context) {
      if (!"peerlab".equals(context.metadata().get(ShimMetadata.NAMESPACE_KEY))) {
        throw TtrpcException.of(Code.FAILED_PRECONDITION, "namespace is required");
      }
      ConnectResponse.Builder r = ConnectResponse.newBuilder().setShimPid(25760);
      return request.getId().equals("peer") ? r.setTaskPid(25782).build() : r.build();
    }
  };

  @Test
  void printsTheShimsPids() throws Exception {
    Path dir = Files.createTempDirectory(Path.of("/tmp"), "shim");
    String address = "unix://" + dir.resolve("shim.sock");
    try (TtrpcServer server = TtrpcServer.builder(address).service(TaskTtrpc.bindService(SHIM)).build().start()) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      int rc = ShimConnect.main(new String[] {"--socket", address, "--id", "peer", "--namespace", "peerlab"},
          new PrintStream(bytes, true, StandardCharsets.UTF_8));
      assertThat(rc).isZero();
      assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("shim pid: 25760").contains("task pid: 25782");

      ByteArrayOutputStream failed = new ByteArrayOutputStream();
      int wrongNs = ShimConnect.main(new String[] {"--socket", address, "--id", "peer"},
          new PrintStream(failed, true, StandardCharsets.UTF_8));
      assertThat(wrongNs).isEqualTo(1);
      assertThat(failed.toString(StandardCharsets.UTF_8)).contains("FAILED_PRECONDITION");
    } finally {
      Files.deleteIfExists(dir.resolve("shim.sock"));
      Files.deleteIfExists(dir);
    }
  }

  @Test
  void connectsToTheExampleShimServer() throws Exception {
    Path dir = Files.createTempDirectory(Path.of("/tmp"), "shim");
    String address = "unix://" + dir.resolve("task.sock");
    try (TtrpcServer server = TtrpcServer.builder(address)
        .service(TaskTtrpc.bindService(new ShimTaskServer("example"))).build().start()) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      assertThat(ShimConnect.main(new String[] {"--socket", address, "--id", "example"},
          new PrintStream(bytes, true, StandardCharsets.UTF_8))).isZero();
      assertThat(bytes.toString(StandardCharsets.UTF_8))
          .contains("shim pid: " + ProcessHandle.current().pid())
          .contains("task pid: " + ProcessHandle.current().pid());
    } finally {
      Files.deleteIfExists(dir.resolve("task.sock"));
      Files.deleteIfExists(dir);
    }
  }

  @Test
  void explainsItsUsage() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    assertThat(ShimConnect.main(new String[] {"--id"}, new PrintStream(bytes, true, StandardCharsets.UTF_8)))
        .isEqualTo(2);
    assertThat(bytes.toString(StandardCharsets.UTF_8)).startsWith("usage: connect");
  }
}
