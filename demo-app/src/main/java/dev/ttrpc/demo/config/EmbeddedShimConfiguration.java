package dev.ttrpc.demo.config;

import dev.ttrpc.demo.host.HostTaskService;
import dev.ttrpc.demo.web.BundleWriter;
import dev.ttrpc.demo.web.DemoTasks;
import dev.ttrpc.shim.task.v2.TaskClient;
import dev.ttrpc.spring.client.Shim;
import dev.ttrpc.spring.server.ShimService;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded shim and what uses it: the host Task service served on {@code shim.server.address}, and the
 * {@link DemoTasks} that drive it through the {@code embedded} client. Closing the context kills every process the
 * service started.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnEmbeddedShim
public class EmbeddedShimConfiguration {

  @Bean(destroyMethod = "close")
  @ShimService
  HostTaskService hostTaskService() {
    return new HostTaskService();
  }

  @Bean(destroyMethod = "close")
  BundleWriter bundleWriter(@Value("${" + EmbeddedShimEnvironmentPostProcessor.WORK_DIR + "}") Path workDir) {
    return new BundleWriter(workDir.resolve("bundles"));
  }

  @Bean
  DemoTasks demoTasks(@Shim(EmbeddedShimEnvironmentPostProcessor.CLIENT_NAME) TaskClient embedded,
      BundleWriter bundles) {
    return new DemoTasks(embedded, bundles);
  }
}
