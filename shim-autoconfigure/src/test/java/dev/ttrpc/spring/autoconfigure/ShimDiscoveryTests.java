package dev.ttrpc.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ttrpc.spring.client.ShimClientRegistry;
import dev.ttrpc.spring.client.ShimDiscovery;
import dev.ttrpc.spring.client.ShimEndpoint;
import dev.ttrpc.spring.client.ShimRegistryListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Discovery over a temporary containerd state directory, refreshed by hand. */
class ShimDiscoveryTests {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ShimClientAutoConfiguration.class));

  @TempDir
  Path state;

  @Test
  void findsShimsSkipsJunkAndDropsShimsThatGo() throws IOException {
    Path tasks = state.resolve(ShimDiscovery.TASK_DIR);
    Path c1 = write(tasks.resolve("ns1/c1/address"), "unix:///tmp/ttrpc-test/x.sock\n");
    write(tasks.resolve("ns1/garbage/address"), "\u0000\u00ff not an address");
    write(tasks.resolve("ns1/http/address"), "http://localhost:1");
    Files.createDirectories(tasks.resolve("ns1/dir-as-address/address"));
    Files.createDirectories(tasks.resolve("ns1/starting"));
    write(tasks.resolve("ns1/stray-file"), "x");
    write(tasks.resolve("ns2/c9/address"), "unix:///tmp/ttrpc-test/y.sock");
    write(tasks.resolve("other/c3/address"), "unix:///tmp/ttrpc-test/z.sock");

    runner.withPropertyValues("shim.discovery.enabled=true", "shim.discovery.state-dir=" + state,
            "shim.discovery.namespaces=ns1,ns2", "shim.discovery.refresh-interval=1h",
            "shim.client.shims.configured.address=unix://@configured")
        .run(context -> {
          assertThat(context).hasNotFailed();
          ShimClientRegistry registry = context.getBean(ShimClientRegistry.class);
          ShimDiscovery discovery = context.getBean(ShimDiscovery.class);
          List<String> events = new CopyOnWriteArrayList<>();
          registry.addListener(new ShimRegistryListener() {
            @Override
            public void shimAdded(String name, ShimEndpoint endpoint) {
              events.add("+" + name + "@" + endpoint.namespace());
            }

            @Override
            public void shimRemoved(String name) {
              events.add("-" + name);
            }
          });
          assertThat(registry.names()).containsExactly("configured", "ns1/c1", "ns2/c9");
          assertThat(discovery.discovered()).containsExactly("ns1/c1", "ns2/c9");
          assertThat(registry.client("ns1/c1").address().path()).isEqualTo("/tmp/ttrpc-test/x.sock");
          assertThat(registry.taskClient("ns1/c1")).isNotNull();

          write(tasks.resolve("ns2/c10/address"), "unix:///tmp/ttrpc-test/w.sock");
          delete(c1.getParent());
          discovery.refresh();
          assertThat(registry.names()).containsExactly("configured", "ns2/c10", "ns2/c9");
          assertThat(events).containsExactly("-ns1/c1", "+ns2/c10@ns2");

          delete(tasks);
          discovery.refresh();
          assertThat(registry.names()).containsExactly("configured");
        });
  }

  @Test
  void missingStateDirFindsNothing() {
    runner.withPropertyValues("shim.discovery.enabled=true", "shim.discovery.state-dir=" + state.resolve("none"))
        .run(context -> {
          context.getBean(ShimDiscovery.class).refresh();
          assertThat(context.getBean(ShimClientRegistry.class).names()).isEmpty();
        });
  }

  private static Path write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
