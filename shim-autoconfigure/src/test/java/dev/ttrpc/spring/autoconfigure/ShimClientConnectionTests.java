package dev.ttrpc.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.MessageLite;
import dev.ttrpc.MethodDescriptor;
import dev.ttrpc.client.CallOptions;
import dev.ttrpc.client.ClientInterceptor;
import dev.ttrpc.server.ServerContext;
import dev.ttrpc.shim.task.v2.ConnectRequest;
import dev.ttrpc.shim.task.v2.ConnectResponse;
import dev.ttrpc.shim.task.v2.TaskService;
import dev.ttrpc.spring.client.ShimClientRegistry;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/** A configured shim, served by a Java TaskService on a temporary Unix socket, reached through the registry. */
class ShimClientConnectionTests {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ShimClientAutoConfiguration.class));
  private final List<String> namespaces = new CopyOnWriteArrayList<>();
  private FakeShim shim;

  @BeforeEach
  void startShim() throws IOException {
    TaskService task = new TaskService() {
      @Override
      public ConnectResponse connect(ConnectRequest request, ServerContext context) {
        namespaces.add(context.metadata().get(ShimClientRegistry.NAMESPACE_METADATA_KEY));
        return ConnectResponse.newBuilder().setShimPid(42).setVersion("3").build();
      }
    };
    shim = FakeShim.start("shim-ac", task);
  }

  @AfterEach
  void stopShim() throws IOException {
    shim.close();
  }

  @Test
  void taskClientReachesTheShimWithTheNamespaceAndInterceptorsInOrder() {
    runner.withUserConfiguration(Interceptors.class)
        .withPropertyValues("shim.client.defaults.namespace=ns-a", "shim.client.defaults.call-timeout=30s",
            "shim.client.shims.one.address=unix://" + shim.socket(), "shim.client.shims.one.eager=true",
            "shim.client.shims.one.fail-on-unreachable=true")
        .run(context -> {
          assertThat(context).hasNotFailed();
          ShimClientRegistry registry = context.getBean(ShimClientRegistry.class);
          ConnectResponse response = registry.taskClient("one").connect(ConnectRequest.newBuilder().setId("c1").build());
          assertThat(response.getShimPid()).isEqualTo(42);
          assertThat(namespaces).containsExactly("ns-a");
          assertThat(context.getBean(Interceptors.class).calls).containsExactly("first", "second");
          assertThat(registry.taskClient("one")).isNotNull();
          assertThat(registry.client("one")).isSameAs(registry.client("one"));
        });
  }

  @Test
  void eagerUnreachableShimFailsStartupWhenAsked() {
    runner.withPropertyValues("shim.client.shims.gone.address=unix://" + shim.dir().resolve("missing.sock"),
            "shim.client.shims.gone.eager=true", "shim.client.shims.gone.fail-on-unreachable=true")
        .run(context -> assertThat(ShimClientAutoConfigurationTests.fullMessage(context.getStartupFailure()))
            .contains("Shim 'gone'").contains("cannot be reached"));
  }

  @Test
  void eagerUnreachableShimOnlyWarnsByDefault() {
    runner.withPropertyValues("shim.client.shims.gone.address=unix://" + shim.dir().resolve("missing.sock"),
            "shim.client.defaults.eager=true")
        .run(context -> assertThat(context).hasNotFailed());
  }

  @Configuration(proxyBeanMethods = false)
  static class Interceptors {
    final List<String> calls = new CopyOnWriteArrayList<>();

    @Bean
    @Order(2)
    ClientInterceptor second() {
      return recording("second");
    }

    @Bean
    @Order(1)
    ClientInterceptor first() {
      return recording("first");
    }

    private ClientInterceptor recording(String name) {
      return new ClientInterceptor() {
        @Override
        public <Q extends MessageLite, R extends MessageLite> CompletableFuture<R> interceptUnary(
            MethodDescriptor<Q, R> method, Q request, CallOptions options, UnaryInvoker next) {
          calls.add(name);
          return next.invoke(method, request, options);
        }
      };
    }
  }
}
