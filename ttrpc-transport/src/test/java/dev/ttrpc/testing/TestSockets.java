package dev.ttrpc.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Short socket paths under /tmp (a Unix socket path must fit in 107 bytes). */
public final class TestSockets implements AutoCloseable {
  private final Path dir;

  public TestSockets() {
    try {
      dir = Files.createTempDirectory(Path.of("/tmp"), "tt");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path dir() {
    return dir;
  }

  /** {@code unix:///tmp/ttXXXX/name}. */
  public String address(String name) {
    return "unix://" + dir.resolve(name);
  }

  public Path path(String name) {
    return dir.resolve(name);
  }

  @Override
  public void close() {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
