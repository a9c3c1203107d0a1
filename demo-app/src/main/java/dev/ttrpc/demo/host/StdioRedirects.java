package dev.ttrpc.demo.host;

import java.io.File;
import java.lang.ProcessBuilder.Redirect;
import java.net.URI;

/**
 * Turns containerd's stdio strings into redirects: empty means {@code /dev/null} (input) or discarded (output); a
 * plain absolute path or a {@code file://} URI is read from, or appended to. containerd's FIFOs are plain paths, so
 * they work too; {@code binary://} loggers are refused.
 */
final class StdioRedirects {
  private static final File DEV_NULL = new File("/dev/null");

  private StdioRedirects() {
  }

  static Redirect input(String stdin) {
    return stdin.isEmpty() ? Redirect.from(DEV_NULL) : Redirect.from(file("stdin", stdin));
  }

  static Redirect output(String name, String target) {
    return target.isEmpty() ? Redirect.DISCARD : Redirect.appendTo(file(name, target));
  }

  private static File file(String name, String target) {
    if (target.startsWith("file://")) {
      return new File(URI.create(target));
    }
    if (target.startsWith("/")) {
      return new File(target);
    }
    throw new IllegalArgumentException(name + " '" + target + "' is neither an absolute path nor a file:// URI");
  }
}
