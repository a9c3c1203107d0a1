package dev.ttrpc.bench.jmh;

import com.google.protobuf.BytesValue;
import com.google.protobuf.UnsafeByteOperations;
import dev.ttrpc.bench.BenchProtocol;
import dev.ttrpc.bench.BenchServer;
import dev.ttrpc.client.TtrpcClient;
import dev.ttrpc.transport.TtrpcAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole unary call path in one JVM: a {@link TtrpcClient} calling the bench server over a real Unix socket (in
 * a temporary directory under /tmp). Blocking calls measure latency; the async variant keeps
 * {@value #IN_FLIGHT} calls in flight per benchmark thread. With {@code -prof gc}, {@code gc.alloc.rate.norm} is the
 * allocation per call of client and server together (every thread of the JVM counts).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CallPathBenchmark {
  /** Calls in flight at once in {@link #asyncEcho}. */
  static final int IN_FLIGHT = 4;

  /** Echo payload bytes. */
  @Param({"16", "1024"})
  public int size;

  /** The server's handler executor: virtual, pool or direct (see ServerExecutors); "" for the JVM's default. */
  @Param({""})
  public String executor;

  private Path dir;
  private BenchServer server;
  private TtrpcClient client;
  private BytesValue request;

  @Setup(Level.Trial)
  public void start() throws IOException {
    dir = Files.createTempDirectory(Path.of("/tmp"), "ttrpc-jmh");
    Path socket = dir.resolve("bench.sock");
    server = BenchServer.start(socket,
        executor.isEmpty() ? dev.ttrpc.bench.ServerExecutors.defaultName() : executor);
    client = TtrpcClient.builder(TtrpcAddress.file(socket)).connect();
    byte[] payload = new byte[size];
    for (int i = 0; i < size; i++) {
      payload[i] = (byte) i;
    }
    request = BytesValue.of(UnsafeByteOperations.unsafeWrap(payload));
    BytesValue echo = client.call(BenchProtocol.ECHO, request);
    if (!echo.equals(request)) {
      throw new IllegalStateException("the bench server did not echo the request");
    }
  }

  @TearDown(Level.Trial)
  public void stop() throws IOException {
    client.close();
    server.close();
    Files.deleteIfExists(dir.resolve("bench.sock"));
    Files.deleteIfExists(dir);
  }

  /** One blocking unary call. */
  @Benchmark
  public BytesValue blockingEcho() {
    return client.call(BenchProtocol.ECHO, request);
  }

  /** {@value #IN_FLIGHT} async unary calls started together, then awaited; reported per call. */
  @Benchmark
  @OperationsPerInvocation(IN_FLIGHT)
  public Object asyncEcho() {
    @SuppressWarnings("unchecked")
    CompletableFuture<BytesValue>[] calls = new CompletableFuture[IN_FLIGHT];
    for (int i = 0; i < IN_FLIGHT; i++) {
      calls[i] = client.callAsync(BenchProtocol.ECHO, request);
    }
    Object last = null;
    for (CompletableFuture<BytesValue> call : calls) {
      last = call.join();
    }
    return last;
  }
}
