package dev.ttrpc.demo.web;

import dev.ttrpc.shim.ProcessSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes an OCI bundle per task under one root: {@code <root>/<id>/config.json} with the command as
 * {@code process.args}, the bundle as {@code process.cwd} and this JVM's {@code PATH}, plus the files the task's
 * output goes to ({@code stdout.log}, {@code stderr.log}).
 */
public class BundleWriter implements AutoCloseable {
  private final Path root;

  public BundleWriter(Path root) {
    this.root = root;
  }

  /**
   * Writes the bundle of task {@code id}.
   *
   * @return the bundle directory, absolute
   * @throws IllegalArgumentException when the id is not a plain name or the command is empty
   */
  public Path write(String id, List<String> command) {
    if (!id.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
      throw new IllegalArgumentException("task id '" + id + "' must be letters, digits, '_', '.' and '-'");
    }
    Path bundle = root.resolve(id).toAbsolutePath();
    ProcessSpec process = ProcessSpec.builder().args(command).cwd(bundle.toString())
        .env("PATH=" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin")).build();
    String config = "{\"ociVersion\":\"1.0.2\",\"process\":" + process.toJson()
        + ",\"root\":{\"path\":\"rootfs\",\"readonly\":true}}";
    try {
      Files.createDirectories(bundle);
      Files.writeString(bundle.resolve("config.json"), config, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the bundle of task " + id + " in " + bundle, e);
    }
    return bundle;
  }

  /** Where the output of the task in {@code bundle} goes, as a {@code file://} URI. */
  public static String stdout(Path bundle) {
    return bundle.resolve("stdout.log").toUri().toString();
  }

  /** Where the errors of the task in {@code bundle} go, as a {@code file://} URI. */
  public static String stderr(Path bundle) {
    return bundle.resolve("stderr.log").toUri().toString();
  }

  /** Removes the bundle of task {@code id}, if any. */
  public void remove(String id) {
    deleteTree(root.resolve(id));
  }

  /** Removes every bundle. */
  @Override
  public void close() {
    deleteTree(root);
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + dir, e);
    }
  }
}
