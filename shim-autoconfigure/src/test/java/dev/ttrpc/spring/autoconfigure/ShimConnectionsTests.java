package dev.ttrpc.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ttrpc.client.Backoff;
import dev.ttrpc.server.ServerContext;
import dev.ttrpc.server.TtrpcServer;
import dev.ttrpc.shim.task.v2.ConnectRequest;
import dev.ttrpc.shim.task.v2.ConnectResponse;
import dev.ttrpc.shim.task.v2.TaskService;
import dev.ttrpc.shim.task.v2.TaskTtrpc;
import dev.ttrpc.spring.client.ShimClientRegistry;
import dev.ttrpc.spring.client.ShimEndpoint;
import dev.ttrpc.transport.TtrpcAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code shim.client.defaults.connections} and the per-shim {@code connections}, from properties to sockets. */
class ShimConnectionsTests {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ShimClientAutoConfiguration.class));

  @Test
  void aShimTakesItsOwnConnectionsOrTheDefault() {
    runner.withPropertyValues("shim.client.defaults.connections=3", "shim.client.shims.a.address=unix://@a",
            "shim.client.shims.b.address=unix://@b", "shim.client.shims.b.connections=2")
        .run(context -> {
          ShimClientRegistry registry = context.getBean(ShimClientRegistry.class);
          assertThat(registry.endpoint("a")).get().extracting(ShimEndpoint::connections).isEqualTo(3);
          assertThat(registry.endpoint("b")).get().extracting(ShimEndpoint::connections).isEqualTo(2);
        });
  }

  @Test
  void oneConnectionUnlessConfigured() {
    runner.withPropertyValues("shim.client.shims.a.address=unix://@a")
        .run(context -> assertThat(context.getBean(ShimClientRegistry.class).endpoint("a")).get()
            .extracting(ShimEndpoint::connections).isEqualTo(1));
  }

  @Test
  void defaultConnectionsBelowOneFailNamingTheProperty() {
    runner.withPropertyValues("shim.client.defaults.connections=0", "shim.client.shims.a.address=unix://@a")
        .run(context -> assertThat(context).getFailure().rootCause()
            .hasMessageContaining("shim.client.defaults.connections must be at least 1, got 0"));
  }

  @Test
  void aDiscoveredShimTakesTheDefaultConnections() {
    ShimClientProperties properties = new ShimClientProperties();
    properties.getDefaults().setConnections(4);
    ShimEndpoint endpoint = ShimEndpoints.discovered(properties, "k8s.io", TtrpcAddress.parse("unix://@found"));
    assertThat(endpoint.connections()).isEqualTo(4);
  }

  @Test
  void anEndpointWithoutConnectionsHasOneAndRefusesFewer() {
    TtrpcAddress address = TtrpcAddress.parse("unix://@e");
    ShimEndpoint one = new ShimEndpoint(address, null, Duration.ofSeconds(1), null, 1024, Backoff.DEFAULT, false,
        false);
    assertThat(one.connections()).isEqualTo(1);
    assertThatThrownBy(() -> new ShimEndpoint(address, null, Duration.ofSeconds(1), null, 1024, Backoff.DEFAULT,
        false, false, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("connections to unix://@e must be at least 1, got 0");
  }

  @Test
  void theShimsClientOpensTheConfiguredConnections() throws IOException {
    Path dir = Files.createTempDirectory(Path.of("/tmp"), "shim-cn");
    TaskService shim = new TaskService() {
      @Override
      public ConnectResponse connect(ConnectRequest request, ServerContext context) {
        return ConnectResponse.newBuilder().setShimPid(7).build();
      }
    };
    try (TtrpcServer server = TtrpcServer.builder("unix://" + dir.resolve("s.sock"))
        .service(TaskTtrpc.bindService(shim)).build().start()) {
      runner.withPropertyValues("shim.client.shims.one.address=unix://" + dir.resolve("s.sock"),
              "shim.client.shims.one.connections=3", "shim.client.shims.one.eager=true",
              "shim.client.shims.one.fail-on-unreachable=true")
          .run(context -> {
            assertThat(context).hasNotFailed();
            pollUntil("the shim accepted 3 connections", () -> server.connectionCount() == 3);
            ShimClientRegistry registry = context.getBean(ShimClientRegistry.class);
            assertThat(registry.taskClient("one").connect(ConnectRequest.newBuilder().setId("c").build())
                .getShimPid()).isEqualTo(7);
          });
    } finally {
      Files.deleteIfExists(dir.resolve("s.sock"));
      Files.deleteIfExists(dir);
    }
  }

  private static void pollUntil(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out after 30 s waiting until " + what);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
    }
  }
}
