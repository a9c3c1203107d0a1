package dev.ttrpc.demo.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads the process to run from an OCI bundle directory's {@code config.json}. */
final class BundleReader {
  /** The runtime spec's file name inside a bundle. */
  static final String CONFIG_FILE = "config.json";

  private BundleReader() {
  }

  /**
   * The {@code process} of {@code <bundle>/config.json}.
   *
   * @throws IllegalArgumentException naming the file when the bundle is not absolute, the file is missing or
   *     unreadable, or its process is unusable
   */
  static ProcessDefinition read(String bundle) {
    if (bundle.isEmpty() || !bundle.startsWith("/")) {
      throw new IllegalArgumentException("bundle must be an absolute directory, not '" + bundle + "'");
    }
    Path config = Path.of(bundle, CONFIG_FILE);
    try {
      return OciProcessParser.fromConfig(Files.readAllBytes(config), config.toString());
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(config + ": no such file", e);
    } catch (IOException e) {
      throw new IllegalArgumentException(config + ": cannot be read: " + e.getMessage(), e);
    }
  }
}
