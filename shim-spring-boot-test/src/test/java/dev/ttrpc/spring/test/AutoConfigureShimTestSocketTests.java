package dev.ttrpc.spring.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ttrpc.server.ServerContext;
import dev.ttrpc.shim.task.v2.ConnectRequest;
import dev.ttrpc.shim.task.v2.ConnectResponse;
import dev.ttrpc.shim.task.v2.TaskService;
import dev.ttrpc.spring.client.ShimClientRegistry;
import dev.ttrpc.spring.server.ShimService;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;

@SpringBootTest
@AutoConfigureShimTestSocket
class AutoConfigureShimTestSocketTests {

  @Autowired
  ShimClientRegistry registry;

  @Value("${shim.server.address}")
  String serverAddress;

  @Value("${shim.client.shims.test.address}")
  String clientAddress;

  @Test
  void clientNamedTestReachesTheContextsShimService() {
    ConnectResponse response = registry.taskClient("test").connect(ConnectRequest.newBuilder().setId("c1").build());
    assertThat(response.getShimPid()).isEqualTo(4242);
    assertThat(response.getVersion()).isEqualTo("c1");
  }

  @Test
  void serverAndClientShareAShortSocketUnderTmp() {
    assertThat(serverAddress).startsWith("unix:///tmp/").endsWith("/shim.sock").isEqualTo(clientAddress);
    assertThat(Path.of(serverAddress.substring("unix://".length()))).exists();
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {
    @Bean
    @ShimService
    TaskService task() {
      return new TaskService() {
        @Override
        public ConnectResponse connect(ConnectRequest request, ServerContext context) {
          return ConnectResponse.newBuilder().setShimPid(4242).setVersion(request.getId()).build();
        }
      };
    }
  }
}
