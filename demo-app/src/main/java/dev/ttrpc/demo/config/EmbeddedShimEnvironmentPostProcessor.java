package dev.ttrpc.demo.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives each run of the demo its own working directory, a fresh {@code ttrpc-demo-*} directory under
 * {@code java.io.tmpdir} (so two instances never share a socket), and, unless set elsewhere, points
 * {@code shim.server.address} and the client {@code shim.client.shims.embedded.address} at
 * {@code unix://<dir>/shim.sock}. Runs after the configuration files are read, so that the {@code containerd}
 * profile's {@code demo.embedded-shim.enabled=false} turns all of it off; its values rank below every other source.
 */
public class EmbeddedShimEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {
  /** Whether the embedded host shim, its client and the /tasks API run. */
  public static final String ENABLED = "demo.embedded-shim.enabled";
  /** The run's working directory: the shim's socket and the bundles of the tasks started over HTTP. */
  public static final String WORK_DIR = "demo.work-dir";
  /** The name of the demo's own shim client. */
  public static final String CLIENT_NAME = "embedded";

  static final String SERVER_ADDRESS = "shim.server.address";
  static final String CLIENT_ADDRESS = "shim.client.shims." + CLIENT_NAME + ".address";
  private static final String SOURCE_NAME = "demoEmbeddedShim";

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
    if (!environment.getProperty(ENABLED, Boolean.class, true)) {
      return;
    }
    Map<String, Object> defaults = new LinkedHashMap<>();
    String workDir = environment.getProperty(WORK_DIR);
    if (workDir == null) {
      workDir = createWorkDir().toString();
      defaults.put(WORK_DIR, workDir);
    }
    String address = environment.getProperty(SERVER_ADDRESS);
    if (address == null) {
      address = "unix://" + Path.of(workDir, "shim.sock");
      defaults.put(SERVER_ADDRESS, address);
    }
    if (!environment.containsProperty(CLIENT_ADDRESS)) {
      defaults.put(CLIENT_ADDRESS, address);
    }
    environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, defaults));
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }

  private static Path createWorkDir() {
    try {
      Path dir = Files.createTempDirectory("ttrpc-demo-");
      // Runs after Spring's shutdown hook (JDK system hooks follow application hooks), once the socket and the
      // bundles are gone; a directory that is not empty by then is left behind.
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the demo's working directory under "
          + System.getProperty("java.io.tmpdir") + ": " + e.getMessage(), e);
    }
  }
}
