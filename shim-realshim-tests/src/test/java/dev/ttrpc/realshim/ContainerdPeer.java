package dev.ttrpc.realshim;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A private containerd with one running busybox container, driven by the bash harness in
 * {@code src/test/resources/containerd-peer}: {@code up.sh DIR} starts it, {@code down.sh DIR} removes everything.
 * {@link #close()} is idempotent and is also registered as a JVM shutdown hook.
 */
final class ContainerdPeer implements AutoCloseable {

  static final String APT_PACKAGES = "containerd runc busybox-static";

  private static final long UP_TIMEOUT_SECONDS = 120;
  private static final long DOWN_TIMEOUT_SECONDS = 120;

  private final Path dir;
  private final Path scripts;
  private final Map<String, String> env;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread shutdownHook;

  private ContainerdPeer(Path dir, Path scripts, Map<String, String> env, Thread shutdownHook) {
    this.dir = dir;
    this.scripts = scripts;
    this.env = env;
    this.shutdownHook = shutdownHook;
  }

  /** Checks the preconditions, runs up.sh and reads DIR/peer.env; on any failure tears down again and throws. */
  static ContainerdPeer start() throws IOException, InterruptedException {
    checkPreconditions();
    Path scripts = scriptsDir();
    Path dir = createShortDir();
    Thread hook = new Thread(() -> down(scripts, dir), "containerd-peer-down");
    Runtime.getRuntime().addShutdownHook(hook);
    ContainerdPeer peer = new ContainerdPeer(dir, scripts, new HashMap<>(), hook);
    try {
      Result up = run(scripts.resolve("up.sh"), dir, UP_TIMEOUT_SECONDS);
      if (up.exitCode != 0) {
        throw new IllegalStateException("up.sh " + dir + " failed (exit " + up.exitCode + "):\n" + up.output);
      }
      for (String line : Files.readAllLines(dir.resolve("peer.env"), StandardCharsets.UTF_8)) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          peer.env.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
      return peer;
    } catch (IOException | InterruptedException | RuntimeException e) {
      peer.close();
      throw e;
    }
  }

  /** A value from DIR/peer.env (see up.sh). */
  String get(String key) {
    String value = env.get(key);
    if (value == null) {
      throw new IllegalStateException("peer.env has no " + key + ": " + env);
    }
    return value;
  }

  Path dir() {
    return dir;
  }

  @Override
  public void close() {
    if (closed.get()) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook itself is running or about to: it does the same work
    }
    down(scripts, dir);
    closed.set(true);
  }

  private static synchronized void down(Path scripts, Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try {
      Result down = run(scripts.resolve("down.sh"), dir, DOWN_TIMEOUT_SECONDS);
      System.err.print(down.output);
      if (down.exitCode != 0) {
        System.err.println("down.sh " + dir + " exited " + down.exitCode);
      }
    } catch (IOException | InterruptedException e) {
      System.err.println("down.sh " + dir + " failed: " + e);
    }
  }

  private static void checkPreconditions() throws IOException {
    List<String> problems = new ArrayList<>();
    Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    if (!Integer.valueOf(0).equals(uid)) {
      problems.add("these tests must run as root (uid 0, not " + uid + "): they start containerd and runc containers,"
          + " and the runc shim only accepts callers with its own uid");
    }
    for (String tool : List.of("containerd", "ctr", "containerd-shim-runc-v2", "runc", "unshare", "setsid")) {
      if (onPath(tool) == null) {
        problems.add(tool + " not found on PATH");
      }
    }
    if (!Files.isExecutable(Path.of("/bin/busybox")) && !Files.isExecutable(Path.of("/usr/bin/busybox"))) {
      problems.add("busybox not found (/bin/busybox)");
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException("cannot start a private containerd: " + String.join("; ", problems)
          + ". As root: apt-get install -y " + APT_PACKAGES);
    }
  }

  private static Path onPath(String tool) {
    String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
    for (String d : (path + ":/usr/sbin:/sbin").split(":")) {
      if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
        return Path.of(d, tool);
      }
    }
    return null;
  }

  private static Path scriptsDir() {
    URL url = ContainerdPeer.class.getResource("/containerd-peer/up.sh");
    if (url == null) {
      throw new IllegalStateException("containerd-peer/up.sh is not on the test class path");
    }
    try {
      return Path.of(url.toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** /tmp/rs.XXXXXX: the shim socket DIR/run/s/64-hex must fit in a unix socket path (107 bytes). */
  private static Path createShortDir() throws IOException {
    SecureRandom random = new SecureRandom();
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    for (int attempt = 0; ; attempt++) {
      StringBuilder name = new StringBuilder("rs.");
      for (int i = 0; i < 6; i++) {
        name.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      try {
        return Files.createDirectory(Path.of("/tmp", name.toString()));
      } catch (FileAlreadyExistsException e) {
        if (attempt > 100) {
          throw e;
        }
      }
    }
  }

  private record Result(int exitCode, String output) {
  }

  /** Runs {@code bash script dir}, output (stdout and stderr) to a file, killed after the timeout. */
  private static Result run(Path script, Path dir, long timeoutSeconds) throws IOException, InterruptedException {
    Path log = Files.createTempFile("containerd-peer-", ".log");
    try {
      Process p = new ProcessBuilder("bash", script.toString(), dir.toString())
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
        return new Result(-1, Files.readString(log) + "\n(" + script.getFileName() + " timed out after "
            + timeoutSeconds + " s)");
      }
      return new Result(p.exitValue(), Files.readString(log));
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
