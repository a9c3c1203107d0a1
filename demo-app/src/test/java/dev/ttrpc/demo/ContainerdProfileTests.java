package dev.ttrpc.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ttrpc.demo.host.HostTaskService;
import dev.ttrpc.demo.web.TaskController;
import dev.ttrpc.spring.client.ShimClientRegistry;
import dev.ttrpc.spring.client.ShimDiscovery;
import dev.ttrpc.spring.server.ShimServerLifecycle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The {@code containerd} profile: no embedded shim, client or /tasks API, and discovery of containerd's shims
 * (from a stand-in state directory here, so that no containerd is needed).
 */
@SpringBootTest
@ActiveProfiles("containerd")
class ContainerdProfileTests {

  @DynamicPropertySource
  static void stateDir(DynamicPropertyRegistry registry) throws IOException {
    Path stateDir = Files.createTempDirectory("containerd-state-");
    stateDir.toFile().deleteOnExit();
    registry.add("shim.discovery.state-dir", stateDir::toString);
  }

  @Autowired
  ApplicationContext context;

  @Test
  void discoversInsteadOfServing() {
    assertThat(context.getBeansOfType(HostTaskService.class)).isEmpty();
    assertThat(context.getBeansOfType(TaskController.class)).isEmpty();
    assertThat(context.getBeansOfType(ShimServerLifecycle.class)).isEmpty();
    assertThat(context.getEnvironment().getProperty("shim.server.address")).isNull();
    assertThat(context.getBeansOfType(ShimDiscovery.class)).hasSize(1);
    assertThat(context.getBean(ShimClientRegistry.class).names()).doesNotContain("embedded");
  }
}
