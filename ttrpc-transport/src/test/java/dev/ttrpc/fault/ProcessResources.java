package dev.ttrpc.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The resources a leak would show in: this process's open file descriptors and live threads. */
record ProcessResources(long fileDescriptors, int threads) {
  static ProcessResources now() {
    // The listing holds one descriptor of its own while it runs; it is there in every sample alike.
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return new ProcessResources(fds.count(), ManagementFactory.getThreadMXBean().getThreadCount());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list /proc/self/fd", e);
    }
  }

  @Override
  public String toString() {
    return fileDescriptors + " fds, " + threads + " threads";
  }
}
