package dev.ttrpc.spring.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Gives each context it customizes a new temporary directory and the {@code shim.*} properties pointing server and
 * client at a socket in it. Equal for equal client names, so such contexts stay cacheable.
 */
final class ShimTestSocketContextCustomizer implements ContextCustomizer {
  static final String PROPERTY_SOURCE_NAME = "shimTestSocket";
  static final String SOCKET_FILE = "shim.sock";

  private final String client;

  ShimTestSocketContextCustomizer(String client) {
    if (client.isBlank()) {
      throw new IllegalArgumentException("@AutoConfigureShimTestSocket(client) must not be blank");
    }
    this.client = client;
  }

  @Override
  public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
    Path dir;
    try {
      // Short, under /tmp: a Unix socket path must fit in about 100 bytes.
      dir = Files.createTempDirectory(Path.of("/tmp"), "shimt");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a directory for the shim test socket", e);
    }
    String address = "unix://" + dir.resolve(SOCKET_FILE);
    context.getEnvironment().getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME,
        Map.of("shim.server.address", address, "shim.client.shims." + client + ".address", address)));
    String beanName = PROPERTY_SOURCE_NAME + "Directory";
    if (context.getBeanFactory() instanceof DefaultSingletonBeanRegistry registry) {
      // Disposable beans go after the lifecycle stop, so the server has stopped using the socket by then.
      registry.registerDisposableBean(beanName, () -> delete(dir));
    } else {
      context.addApplicationListener(event -> {
        if (event instanceof ContextClosedEvent closed && closed.getApplicationContext() == context) {
          delete(dir);
        }
      });
    }
  }

  static void delete(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (java.nio.file.NoSuchFileException e) {
      // Already gone.
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete the shim test socket directory " + dir, e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ShimTestSocketContextCustomizer that && client.equals(that.client);
  }

  @Override
  public int hashCode() {
    return client.hashCode();
  }
}
