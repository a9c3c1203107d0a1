package dev.ttrpc.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ttrpc.Code;
import dev.ttrpc.Metadata;
import dev.ttrpc.TtrpcException;
import dev.ttrpc.client.CallOptions;
import dev.ttrpc.client.TtrpcClient;
import dev.ttrpc.server.ServerContext;
import dev.ttrpc.shim.task.v2.ConnectRequest;
import dev.ttrpc.shim.task.v2.ConnectResponse;
import dev.ttrpc.shim.task.v2.StateRequest;
import dev.ttrpc.shim.task.v2.TaskClient;
import dev.ttrpc.shim.task.v2.TaskService;
import dev.ttrpc.spring.server.ShimServerLifecycle;
import dev.ttrpc.spring.server.ShimService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class ShimServerAutoConfigurationTests {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ShimServerAutoConfiguration.class));

  private Path dir;
  private Path socket;

  @BeforeEach
  void tempDir() throws IOException {
    dir = Files.createTempDirectory(Path.of("/tmp"), "shimsrv");
    socket = dir.resolve("task.sock");
  }

  @AfterEach
  void deleteTempDir() throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Test
  void servesShimServiceBeanAndRemovesSocketOnStop() {
    runner.withUserConfiguration(UserTask.class).withPropertyValues("shim.server.address=unix://" + socket)
        .run(context -> {
          assertThat(context).hasSingleBean(ShimServerLifecycle.class);
          assertThat(context.getBean(ShimServerLifecycle.class).isRunning()).isTrue();
          assertThat(socket).exists();
          try (TtrpcClient client = TtrpcClient.connect("unix://" + socket)) {
            TaskClient task = TaskClient.of(client);
            ConnectResponse response = task.connect(ConnectRequest.newBuilder().setId("c1").build());
            assertThat(response.getShimPid()).isEqualTo(4242);
            assertThat(response.getVersion()).isEqualTo("c1");
            assertThatThrownBy(() -> task.state(StateRequest.newBuilder().setId("c1").build()))
                .isInstanceOfSatisfying(TtrpcException.class, e -> assertThat(e.code()).isEqualTo(Code.UNIMPLEMENTED));
          }
        });
    // The runner closed the context: the server stopped and unlinked its socket.
    assertThat(socket).doesNotExist();
  }

  @Test
  void metadataLimitsComeFromProperties() {
    runner.withUserConfiguration(UserTask.class).withPropertyValues("shim.server.address=unix://" + socket,
        "shim.server.max-metadata-entries=2", "shim.server.max-bytes-in-flight-per-connection=1MB")
        .run(context -> {
          try (TtrpcClient client = TtrpcClient.connect("unix://" + socket)) {
            TaskClient task = TaskClient.of(client);
            ConnectRequest request = ConnectRequest.newBuilder().setId("c1").build();
            assertThat(task.connect(request, CallOptions.DEFAULT.withMetadata(Metadata.of("a", "1", "b", "2"))).getShimPid())
                .isEqualTo(4242);
            assertThatThrownBy(() -> task.connect(request, CallOptions.DEFAULT.withMetadata(Metadata.of("a", "1", "b", "2",
                "c", "3"))))
                .isInstanceOfSatisfying(TtrpcException.class, e -> assertThat(e.code())
                    .isEqualTo(Code.RESOURCE_EXHAUSTED));
          }
        });
  }

  @Test
  void noAddressNoServer() {
    runner.withUserConfiguration(UserTask.class).run(context -> assertThat(context)
        .hasNotFailed().doesNotHaveBean(ShimServerLifecycle.class).doesNotHaveBean(ShimServerProperties.class));
  }

  @Test
  void noShimServiceNoServer() {
    runner.withPropertyValues("shim.server.address=unix://" + socket)
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ShimServerLifecycle.class));
  }

  @Test
  void badHandshakeFailsNamingTheProperty() {
    runner.withUserConfiguration(UserTask.class)
        .withPropertyValues("shim.server.address=unix://" + socket, "shim.server.handshake=nobody")
        .run(context -> assertThat(ShimClientAutoConfigurationTests.fullMessage(context.getStartupFailure()))
            .contains("shim.server.handshake").contains("nobody"));
  }

  @Test
  void uidGidHandshakeNeedsAnId() {
    runner.withUserConfiguration(UserTask.class)
        .withPropertyValues("shim.server.address=unix://" + socket, "shim.server.handshake=uid-gid")
        .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("shim.server.uid"));
  }

  @Test
  void beanWithoutGeneratedInterfaceFailsNamingTheBean() {
    runner.withUserConfiguration(NotAService.class).withPropertyValues("shim.server.address=unix://" + socket)
        .run(context -> assertThat(context).getFailure().rootCause()
            .hasMessageContaining("'notAService'").hasMessageContaining("no generated TTRPC service interface"));
  }

  @Test
  void backsOffToUserLifecycle() {
    runner.withUserConfiguration(UserTask.class, UserLifecycle.class)
        .withPropertyValues("shim.server.address=unix://" + socket)
        .run(context -> assertThat(context).hasSingleBean(ShimServerLifecycle.class).hasBean("myLifecycle")
            .doesNotHaveBean("shimServerLifecycle"));
  }

  /** Answers Connect only; everything else is UNIMPLEMENTED. */
  @ShimService
  static class Task implements TaskService {
    @Override
    public ConnectResponse connect(ConnectRequest request, ServerContext context) {
      return ConnectResponse.newBuilder().setShimPid(4242).setVersion(request.getId()).build();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class UserTask {
    @Bean
    Task task() {
      return new Task();
    }
  }

  @ShimService
  static class Plain implements Runnable {
    @Override
    public void run() {}
  }

  @Configuration(proxyBeanMethods = false)
  static class NotAService {
    @Bean
    Plain notAService() {
      return new Plain();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class UserLifecycle {
    @Bean
    ShimServerLifecycle myLifecycle() {
      return new ShimServerLifecycle(dev.ttrpc.server.TtrpcServer.builder("unix://@unused-shim-test").build(),
          java.time.Duration.ZERO);
    }
  }
}
