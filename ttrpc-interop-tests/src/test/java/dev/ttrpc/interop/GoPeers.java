package dev.ttrpc.interop;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Go ttrpc 1.1.1 peers ({@code go/build.sh}): built once per test run into {@code <module>/target/go-bin}, run as
 * subprocesses that are always killed. Missing Go or Go sources fail the tests (they are never skipped).
 */
final class GoPeers {
  static final String APT_HINT = "apt-get install golang-go golang-github-containerd-ttrpc-dev";
  private static final Path GO_TTRPC = Path.of("/usr/share/gocode/src/github.com/containerd/ttrpc/client.go");
  private static final long BUILD_TIMEOUT_SECONDS = 600;
  private static final long READY_TIMEOUT_SECONDS = 20;
  private static final long CALL_TIMEOUT_SECONDS = 60;

  /** Every peer process still running; a shutdown hook kills what a test failed to. */
  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "go-peer-reaper"));
  }

  private static Path peerBinary;
  private static String buildFailure;

  private GoPeers() {}

  /** {@code ttrpc-go-peer}, building it on first use; fails the test if it cannot be built. */
  static synchronized Path peer() {
    if (buildFailure != null) {
      fail(buildFailure);
    }
    if (peerBinary == null) {
      try {
        peerBinary = build();
      } catch (AssertionError e) {
        buildFailure = e.getMessage();
        throw e;
      }
    }
    return peerBinary;
  }

  private static Path build() {
    String go = System.getenv().getOrDefault("GO", "go");
    List<String> missing = new ArrayList<>();
    if (!onPath(go)) {
      missing.add("the Go toolchain ('" + go + "' is not on PATH)");
    }
    if (!Files.isRegularFile(GO_TTRPC)) {
      missing.add("Debian's Go ttrpc sources (" + GO_TTRPC + ")");
    }
    if (!missing.isEmpty()) {
      fail("The Go interop tests need " + String.join(" and ", missing) + ": " + APT_HINT);
    }
    Path module = moduleDir();
    Path buildScript = module.getParent().resolve("go/build.sh");
    if (!Files.isRegularFile(buildScript)) {
      fail("no go/build.sh above " + module + " (this module must sit in the ttrpc-java repository)");
    }
    Path out = module.resolve("target/go-bin");
    Process p = null;
    try {
      Path log = Files.createDirectories(module.resolve("target")).resolve("go-build.log");
      p = new ProcessBuilder("bash", buildScript.toString(), out.toString())
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      LIVE.add(p);
      if (!p.waitFor(BUILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        fail("go/build.sh did not finish in " + BUILD_TIMEOUT_SECONDS + " s; output in " + log);
      }
      if (p.exitValue() != 0) {
        fail("go/build.sh failed (exit " + p.exitValue() + "); it needs " + APT_HINT + ":\n"
            + Files.readString(log));
      }
    } catch (IOException e) {
      fail("cannot run go/build.sh: " + e + "; it needs " + APT_HINT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail("interrupted while building the Go peers");
    } finally {
      if (p != null) {
        destroy(p);
      }
    }
    Path bin = out.resolve("ttrpc-go-peer");
    if (!Files.isExecutable(bin)) {
      fail("go/build.sh succeeded but " + bin + " is missing");
    }
    return bin;
  }

  /** The module directory: surefire's {@code basedir}, else the first directory up from here with go/build.sh. */
  private static Path moduleDir() {
    String basedir = System.getProperty("basedir");
    if (basedir != null && Files.isRegularFile(Path.of(basedir).toAbsolutePath().getParent().resolve("go/build.sh"))) {
      return Path.of(basedir).toAbsolutePath();
    }
    Path dir = Path.of("").toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("go/build.sh"))) {
        return d.resolve("ttrpc-interop-tests");
      }
    }
    return dir;
  }

  private static boolean onPath(String command) {
    if (command.contains(File.separator)) {
      return Files.isExecutable(Path.of(command));
    }
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Runs {@code ttrpc-go-peer ARGS...} to completion (bounded) and returns its one line of stdout.
   *
   * @param dir where its stderr goes
   */
  static String run(Path dir, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(peer().toString());
    command.addAll(args);
    Process p = null;
    try {
      Path err = Files.createTempFile(dir, "go-", ".err");
      p = new ProcessBuilder(command).redirectError(err.toFile()).start();
      LIVE.add(p);
      InputStream stdout = p.getInputStream();
      CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> {
        try {
          return stdout.readAllBytes();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      if (!p.waitFor(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        fail("ttrpc-go-peer " + args + " did not finish in " + CALL_TIMEOUT_SECONDS + " s; stderr: "
            + Files.readString(err));
      }
      String line = new String(out.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8).strip();
      if (p.exitValue() != 0 || line.isEmpty()) {
        fail("ttrpc-go-peer " + args + " exited " + p.exitValue() + " with stdout '" + abbreviate(line)
            + "' and stderr: " + Files.readString(err));
      }
      return line;
    } catch (IOException | ExecutionException | TimeoutException e) {
      throw new AssertionError("ttrpc-go-peer " + args + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    } finally {
      if (p != null) {
        destroy(p);
      }
    }
  }

  /** Starts {@code ttrpc-go-peer server} on {@code socket} and waits (bounded) for READY. */
  static GoServer startServer(Path socket) {
    Process p = null;
    try {
      Path err = socket.resolveSibling(socket.getFileName() + ".err");
      p = new ProcessBuilder(peer().toString(), "server", "--socket", socket.toString())
          .redirectError(err.toFile()).start();
      LIVE.add(p);
      InputStream stdout = p.getInputStream();
      CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> readLine(stdout));
      String line;
      try {
        line = ready.get(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        throw new AssertionError("the Go server printed nothing in " + READY_TIMEOUT_SECONDS + " s; stderr: "
            + Files.readString(err));
      }
      if (!"READY".equals(line)) {
        throw new AssertionError("the Go server said '" + line + "' instead of READY; stderr: "
            + Files.readString(err));
      }
      GoServer server = new GoServer(p, socket, err);
      p = null;
      return server;
    } catch (IOException | ExecutionException e) {
      throw new AssertionError("cannot start the Go server: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    } finally {
      if (p != null) {
        destroy(p);
      }
    }
  }

  private static String readLine(InputStream in) {
    StringBuilder sb = new StringBuilder();
    try {
      for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
        sb.append((char) c);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sb.toString().strip();
  }

  /** Ends a peer: SIGKILL, then waits for it so that no process outlives its test. */
  static void destroy(Process p) {
    p.destroyForcibly();
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        throw new AssertionError("Go peer " + p.pid() + " survived SIGKILL for 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      LIVE.remove(p);
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 300 ? s : s.substring(0, 300) + "...";
  }

  /** A running {@code ttrpc-go-peer server}. */
  static final class GoServer implements AutoCloseable {
    private final Process process;
    private final Path socket;
    private final Path stderr;

    private GoServer(Process process, Path socket, Path stderr) {
      this.process = process;
      this.socket = socket;
      this.stderr = stderr;
    }

    Path socket() {
      return socket;
    }

    String address() {
      return "unix://" + socket;
    }

    boolean isAlive() {
      return process.isAlive();
    }

    /** Sockets the server holds, the listener included (from /proc/PID/fd). */
    long openSockets() {
      Path fds = Path.of("/proc", Long.toString(process.pid()), "fd");
      try (var list = Files.list(fds)) {
        return list.filter(fd -> {
          try {
            return Files.readSymbolicLink(fd).toString().startsWith("socket:");
          } catch (IOException e) {
            return false; // closed while we looked
          }
        }).count();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + fds, e);
      }
    }

    /** Connections the server has open: its sockets minus the listener. */
    long connections() {
      return openSockets() - 1;
    }

    String stderr() {
      try {
        return Files.exists(stderr) ? Files.readString(stderr) : "";
      } catch (IOException e) {
        return e.toString();
      }
    }

    /** SIGKILL, as a crash would. */
    void kill() {
      destroy(process);
    }

    @Override
    public void close() {
      if (process.isAlive()) {
        process.destroy(); // SIGTERM: it closes and removes its socket
        try {
          process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      destroy(process);
    }
  }
}
