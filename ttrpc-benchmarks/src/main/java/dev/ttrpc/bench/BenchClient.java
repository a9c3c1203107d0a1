package dev.ttrpc.bench;

import dev.ttrpc.client.TtrpcClient;
import dev.ttrpc.client.TtrpcClientBuilder;
import dev.ttrpc.transport.TtrpcAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The load client: one {@link TtrpcClient} (one connection) shared by {@code concurrency} caller threads, each in
 * a closed loop taking the next sequence number until the run's calls are all made. Warmup calls come first and
 * are not counted. Every response is checked against its request; a mismatch or a failed call counts as an error.
 */
public final class BenchClient {
  private final ClientOptions options;
  private final TtrpcClient client;
  private final Caller[] callers;
  private final AtomicLong next = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicReference<String> firstError = new AtomicReference<>();

  private BenchClient(ClientOptions options, TtrpcClient client) {
    this.options = options;
    this.client = client;
    this.callers = new Caller[options.concurrency()];
    for (int i = 0; i < callers.length; i++) {
      callers[i] = Caller.create(options.method(), client, options.size(), options.msgs());
    }
  }

  /** Connects, warms up, measures, and disconnects. */
  public static BenchResult run(ClientOptions options) throws InterruptedException {
    TtrpcClientBuilder builder = TtrpcClient.builder(TtrpcAddress.file(options.socket()));
    if ("jdk".equals(System.getProperty("bench.connector"))) {
      builder.connector(dev.ttrpc.transport.JdkUnixConnector.INSTANCE);
    }
    try (TtrpcClient client = builder.connect()) {
      return new BenchClient(options, client).measure();
    }
  }

  /** The {@code client} command: prints the result as one JSON line; exits 1 if any call failed. */
  static void main(String[] args) throws Exception {
    BenchResult r = run(ClientOptions.parse(args));
    System.out.println(r.toJson());
    System.out.flush();
    if (r.errors() > 0) {
      System.exit(1);
    }
  }

  private BenchResult measure() throws InterruptedException {
    if (options.warmup() > 0) {
      load(options.warmup(), new LatencyRecorder((int) options.warmup()));
    }
    errors.set(0);
    firstError.set(null);
    long serverCpu0 = options.serverPid() > 0 ? ProcessStats.cpuNanosOf(options.serverPid()) : -1;
    LatencyRecorder latencies = new LatencyRecorder((int) options.calls());
    long[] spent = load(options.calls(), latencies);
    long serverCpu1 = options.serverPid() > 0 ? ProcessStats.cpuNanosOf(options.serverPid()) : -1;

    long n = options.calls();
    double seconds = spent[0] / 1e9;
    double perCall = 1e3 * n;
    return new BenchResult(n, Math.round(seconds * 1e6) / 1e6, round1(n / seconds),
        latencies.percentileMicros(0.50), latencies.percentileMicros(0.99), latencies.percentileMicros(0.999),
        latencies.percentileMicros(1.0), errors.get(),
        spent[1] < 0 ? -1 : round1(spent[1] / perCall),
        round1((double) n * options.msgs() * options.size() / seconds / 1e6),
        options.method(), options.size(), options.concurrency(), options.msgs(), options.warmup(),
        serverCpu0 < 0 || serverCpu1 < 0 ? -1 : round1((serverCpu1 - serverCpu0) / perCall),
        spent[2] < 0 ? -1 : Math.round((double) spent[2] / n),
        firstError.get());
  }

  /**
   * Makes {@code total} calls with every caller at once.
   *
   * @return wall-clock nanoseconds, process CPU nanoseconds and bytes allocated, from the start signal until the
   *     last caller finished
   */
  /**
   * Callers run on virtual threads where the JVM has them, as Go's benchmark client runs goroutines: the blocking
   * call style of a Java 21+ application. Java 17 gets platform threads.
   */
  private static final java.util.concurrent.ThreadFactory CALLER_THREADS = callerThreads();

  private static java.util.concurrent.ThreadFactory callerThreads() {
    if (!"platform".equals(System.getProperty("bench.callers"))) {
      try {
        Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
        return (java.util.concurrent.ThreadFactory) builder.getClass().getMethod("factory").invoke(builder);
      } catch (ReflectiveOperationException | RuntimeException noVirtualThreads) {
        // Java 17: fall through to platform threads.
      }
    }
    return r -> {
      Thread t = new Thread(r);
      t.setDaemon(true);
      return t;
    };
  }

  private long[] load(long total, LatencyRecorder latencies) throws InterruptedException {
    long base = next.get();
    long end = base + total;
    CountDownLatch go = new CountDownLatch(1);
    Thread[] threads = new Thread[callers.length];
    for (int i = 0; i < threads.length; i++) {
      Caller caller = callers[i];
      threads[i] = CALLER_THREADS.newThread(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          return;
        }
        callLoop(caller, base, end, latencies);
      });
      threads[i].setName("bench-caller-" + i);
      threads[i].start();
    }
    long cpu0 = ProcessStats.cpuNanos();
    long alloc0 = ProcessStats.allocatedBytes();
    long t0 = System.nanoTime();
    go.countDown();
    for (Thread t : threads) {
      t.join();
    }
    long wall = System.nanoTime() - t0;
    long cpu1 = ProcessStats.cpuNanos();
    long alloc1 = ProcessStats.allocatedBytes();
    return new long[] {wall, cpu0 < 0 ? -1 : cpu1 - cpu0, alloc0 < 0 ? -1 : alloc1 - alloc0};
  }

  private void callLoop(Caller caller, long base, long end, LatencyRecorder latencies) {
    while (true) {
      long seq = next.getAndIncrement();
      if (seq >= end) {
        return;
      }
      String error;
      long t0 = System.nanoTime();
      try {
        error = caller.call(seq);
      } catch (RuntimeException e) {
        error = "call " + seq + ": " + e;
      }
      latencies.record((int) (seq - base), System.nanoTime() - t0);
      if (error != null) {
        errors.incrementAndGet();
        firstError.compareAndSet(null, error);
      }
    }
  }

  private static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
