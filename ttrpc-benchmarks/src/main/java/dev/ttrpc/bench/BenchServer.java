package dev.ttrpc.bench;

import dev.ttrpc.server.TtrpcServer;
import dev.ttrpc.transport.TtrpcAddress;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;

/**
 * Serves {@link BenchProtocol} on a Unix socket. As a command ({@code server --socket PATH [--executor NAME]}) it
 * prints {@code READY} once listening and runs until SIGTERM or SIGINT.
 */
public final class BenchServer implements AutoCloseable {
  private final TtrpcServer server;
  private final ExecutorService executor;

  private BenchServer(TtrpcServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Starts serving at {@code socket} with handlers on the named executor (see {@link ServerExecutors}).
   *
   * @throws IOException when the socket cannot be bound
   */
  public static BenchServer start(Path socket, String executorName) throws IOException {
    ExecutorService executor = ServerExecutors.create(executorName);
    try {
      TtrpcServer server = TtrpcServer.builder(TtrpcAddress.file(socket))
          .service(BenchService.definition())
          .executor(executor)
          .directExecutor("direct".equals(executorName))
          .build()
          .start();
      return new BenchServer(server, executor);
    } catch (IOException | RuntimeException e) {
      executor.shutdownNow();
      throw e;
    }
  }

  /** The running server. */
  public TtrpcServer server() {
    return server;
  }

  /** Stops at once: connections close, then the executor. */
  @Override
  public void close() {
    server.close();
    executor.shutdownNow();
  }

  /** The {@code server} command. */
  static void main(String[] args) throws Exception {
    Args a = Args.parse("server", args, Set.of("socket", "executor"));
    Path socket = Path.of(a.required("socket"));
    // -Dbench.executor lets a JVM flag (recorded in the benchmark report) pick the executor too.
    String executor = a.string("executor", System.getProperty("bench.executor", ServerExecutors.defaultName()));
    BenchServer server = start(socket, executor);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.server().shutdown(Duration.ofMillis(500));
      server.close();
      stopped.countDown();
    }, "bench-server-shutdown"));
    System.out.println("READY");
    System.out.flush();
    stopped.await();
  }
}
