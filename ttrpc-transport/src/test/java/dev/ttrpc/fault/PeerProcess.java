package dev.ttrpc.fault;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A {@link PeerServerMain} running in a child JVM, on this JVM's class path. */
final class PeerProcess implements AutoCloseable {
  private static final Duration STARTUP = Duration.ofSeconds(60);

  private final Process process;
  private final Path log;

  private PeerProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts the peer on {@code address} and returns once it accepts connections. */
  static PeerProcess start(String address) throws IOException, InterruptedException {
    Path log = Files.createTempFile("ttrpc-peer", ".log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // A small heap and the C1 compiler only: the peer does little work and should start fast on a busy machine.
    ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx64m", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), PeerServerMain.class.getName(), address))
        .redirectError(log.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    PeerProcess peer = new PeerProcess(builder.start(), log);
    peer.awaitReady();
    return peer;
  }

  private void awaitReady() throws IOException, InterruptedException {
    CompletableFuture<String> firstLine = CompletableFuture.supplyAsync(() -> {
      try {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8));
        return out.readLine();
      } catch (IOException e) {
        return "unreadable stdout: " + e;
      }
    }, r -> new Thread(r, "peer-stdout").start());
    String line;
    try {
      line = firstLine.get(STARTUP.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      line = null;
    }
    if (!PeerServerMain.READY.equals(line)) {
      process.destroyForcibly().waitFor();
      throw new IllegalStateException("peer process did not become ready within " + STARTUP + " (first line: "
          + line + "); its stderr:\n" + Files.readString(log));
    }
  }

  /**
   * SIGKILL: the kernel closes the peer's sockets with no goodbye. The returned future completes with the
   * {@link System#nanoTime()} at which this JVM learned that the process had exited.
   */
  CompletableFuture<Long> kill() {
    // Attached before the kill, so the time is taken on the thread that completes onExit, as it completes.
    CompletableFuture<Long> exitedAt = process.onExit().thenApply(p -> System.nanoTime());
    process.destroyForcibly();
    return exitedAt;
  }

  Process process() {
    return process;
  }

  @Override
  public void close() throws Exception {
    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    Files.deleteIfExists(log);
  }
}
