package dev.ttrpc.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ttrpc.server.ServerContext;
import dev.ttrpc.server.TtrpcServer;
import dev.ttrpc.shim.task.v2.ConnectRequest;
import dev.ttrpc.shim.task.v2.ConnectResponse;
import dev.ttrpc.shim.task.v2.TaskClient;
import dev.ttrpc.shim.task.v2.TaskService;
import dev.ttrpc.shim.task.v2.TaskTtrpc;
import dev.ttrpc.spring.client.Shim;
import dev.ttrpc.spring.client.ShimClientRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code @Shim("<name>") TaskClient} beans of configured shims, each served by a Java TaskService on a Unix socket. */
class ShimTaskClientBeansTests {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ShimClientAutoConfiguration.class));
  private Path dir;
  private TtrpcServer nginx;
  private TtrpcServer redis;

  @BeforeEach
  void startShims() throws IOException {
    dir = Files.createTempDirectory(Path.of("/tmp"), "shim-tc");
    nginx = serve("nginx.sock", 101);
    redis = serve("redis.sock", 202);
  }

  private TtrpcServer serve(String socket, int pid) throws IOException {
    TaskService shim = new TaskService() {
      @Override
      public ConnectResponse connect(ConnectRequest request, ServerContext context) {
        return ConnectResponse.newBuilder().setShimPid(pid).build();
      }
    };
    return TtrpcServer.builder("unix://" + dir.resolve(socket)).service(TaskTtrpc.bindService(shim)).build().start();
  }

  @AfterEach
  void stopShims() throws IOException {
    nginx.close();
    redis.close();
    Files.deleteIfExists(dir.resolve("nginx.sock"));
    Files.deleteIfExists(dir.resolve("redis.sock"));
    Files.deleteIfExists(dir);
  }

  private ApplicationContextRunner withTwoShims() {
    return runner.withPropertyValues("shim.client.shims.nginx.address=unix://" + dir.resolve("nginx.sock"),
        "shim.client.shims.redis-cache.address=unix://" + dir.resolve("redis.sock"));
  }

  @Test
  void qualifiedTaskClientsReachTheirShims() {
    withTwoShims().withUserConfiguration(Consumer.class).run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context.getBeansOfType(TaskClient.class)).containsOnlyKeys("nginxTaskClient", "redisCacheTaskClient");
      Consumer consumer = context.getBean(Consumer.class);
      assertThat(consumer.nginx.connect(ConnectRequest.newBuilder().setId("a").build()).getShimPid()).isEqualTo(101);
      assertThat(consumer.redis.connect(ConnectRequest.newBuilder().setId("b").build()).getShimPid()).isEqualTo(202);
    });
  }

  @Test
  void noShimsNoTaskClients() {
    runner.run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context).doesNotHaveBean(TaskClient.class);
    });
  }

  @Test
  void unknownQualifierFailsInjection() {
    withTwoShims().withUserConfiguration(UnknownConsumer.class).run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure()).rootCause().isInstanceOf(NoSuchBeanDefinitionException.class);
      assertThat(ShimClientAutoConfigurationTests.fullMessage(context.getStartupFailure()))
          .contains("@dev.ttrpc.spring.client.Shim(\"mysql\")");
    });
  }

  @Test
  void userDefinedShimQualifiedBeanWins() {
    withTwoShims().withUserConfiguration(UserNginx.class, Consumer.class).run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context.getBeansOfType(TaskClient.class)).containsOnlyKeys("myNginx", "redisCacheTaskClient");
      TaskClient nginx = context.getBean(Consumer.class).nginx;
      assertThat(nginx.connect(ConnectRequest.newBuilder().setId("c").build()).getShimPid()).isEqualTo(202);
    });
  }

  static class Consumer {
    final TaskClient nginx;
    final TaskClient redis;

    Consumer(@Shim("nginx") TaskClient nginx, @Shim("redis-cache") TaskClient redis) {
      this.nginx = nginx;
      this.redis = redis;
    }
  }

  static class UnknownConsumer {
    UnknownConsumer(@Shim("mysql") TaskClient mysql) {
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class UserNginx {
    @Bean
    @Shim("nginx")
    TaskClient myNginx(ShimClientRegistry registry) {
      return registry.taskClient("redis-cache");
    }
  }
}
