package dev.ttrpc.spring.autoconfigure;

import dev.ttrpc.server.TtrpcServer;
import dev.ttrpc.shim.task.v2.TaskService;
import dev.ttrpc.shim.task.v2.TaskTtrpc;
import dev.ttrpc.spring.client.ShimDiscovery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A test's shim: a Java {@link TaskService} served on {@code s.sock} in a fresh temporary directory, which also holds
 * the containerd state directory that shim discovery reads. {@link #close()} stops the server and deletes the
 * directory with everything the test wrote into it.
 */
final class FakeShim implements AutoCloseable {
  private final Path dir;
  private final TtrpcServer server;

  private FakeShim(Path dir, TtrpcServer server) {
    this.dir = dir;
    this.server = server;
  }

  /** Serves {@code task} in a new directory named after {@code prefix}, so a leftover one tells which test left it. */
  static FakeShim start(String prefix, TaskService task) throws IOException {
    // Under /tmp, not the JVM's temp dir: Unix socket paths max out at 107 bytes.
    Path dir = Files.createTempDirectory(Path.of("/tmp"), prefix);
    try {
      TtrpcServer server = TtrpcServer.builder("unix://" + dir.resolve("s.sock"))
          .service(TaskTtrpc.bindService(task)).build().start();
      return new FakeShim(dir, server);
    } catch (IOException | RuntimeException e) {
      deleteRecursively(dir);
      throw e;
    }
  }

  /** The temporary directory, for paths a test needs next to the shim (such as sockets nobody listens on). */
  Path dir() {
    return dir;
  }

  /** The socket the shim listens on. */
  Path socket() {
    return dir.resolve("s.sock");
  }

  /** The containerd state directory discovery is pointed at by {@link #discoveryProperties}. */
  Path stateDir() {
    return dir.resolve("state");
  }

  /** Writes the address file containerd keeps for a task's shim, with {@code contents} as the address. */
  Path writeAddressFile(String namespace, String containerId, String contents) throws IOException {
    Path address = stateDir().resolve(ShimDiscovery.TASK_DIR + "/" + namespace + "/" + containerId + "/address");
    Files.createDirectories(address.getParent());
    Files.writeString(address, contents);
    return address;
  }

  /** Makes discovery find this shim as the task {@code namespace/containerId}. */
  Path writeOwnAddressFile(String namespace, String containerId) throws IOException {
    return writeAddressFile(namespace, containerId, "unix://" + socket());
  }

  /** Properties that turn discovery on over {@link #stateDir()}, read once per context, followed by {@code more}. */
  String[] discoveryProperties(String... more) {
    return Stream.concat(Stream.of("shim.discovery.enabled=true", "shim.discovery.state-dir=" + stateDir(),
        "shim.discovery.refresh-interval=1h"), Stream.of(more)).toArray(String[]::new);
  }

  @Override
  public void close() throws IOException {
    try {
      server.close();
    } finally {
      deleteRecursively(dir);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
