package dev.ttrpc.bench.starter;

import dev.ttrpc.Metadata;
import dev.ttrpc.bench.Args;
import dev.ttrpc.client.TtrpcClient;
import dev.ttrpc.spring.client.ShimClientRegistry;
import dev.ttrpc.transport.TtrpcAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The {@code starter-overhead} command: calls/s of the starter's client path (see {@link StarterClientPath})
 * against a bare {@link TtrpcClient}, both calling the same server through an {@link EchoStub} with the same
 * payload, callers and namespace metadata, in alternating phases (a b, then b a, ...) so that drift of a shared
 * machine hits both. Prints a Markdown section: the method, every phase, the ratio b/a per round and its median.
 * Exits 1 if any call failed.
 */
public final class StarterOverheadMain {
  static final String USAGE = "starter-overhead --socket PATH [-c 16] [-size 1024] [-rounds 6] [-seconds 5] "
      + "[-warmup-seconds 5]";

  private StarterOverheadMain() {}

  public static void main(String[] args) throws Exception {
    Args a = Args.parse("starter-overhead", args, Set.of("socket", "c", "size", "rounds", "seconds", "warmup-seconds"));
    Path socket = Path.of(a.required("socket"));
    int callers = (int) a.number("c", 16, 1, 10_000);
    int size = (int) a.number("size", 1024, 1, 4 << 20);
    int rounds = (int) a.number("rounds", 6, 1, 1000);
    long phase = TimeUnit.SECONDS.toNanos(a.number("seconds", 5, 1, 3600));
    long warmup = TimeUnit.SECONDS.toNanos(a.number("warmup-seconds", 5, 0, 3600));

    try (TtrpcClient bare = TtrpcClient.builder(TtrpcAddress.file(socket))
            .defaultMetadata(Metadata.of(ShimClientRegistry.NAMESPACE_METADATA_KEY, StarterClientPath.NAMESPACE))
            .connect();
        StarterClientPath starter = new StarterClientPath(socket)) {
      EchoStub a0 = EchoStub.of(bare);
      EchoStub b0 = EchoStub.of(starter.client());
      if (warmup > 0) {
        ClosedLoop.run(a0, callers, size, warmup);
        ClosedLoop.run(b0, callers, size, warmup);
      }
      List<String> rows = new ArrayList<>();
      List<Double> ratios = new ArrayList<>();
      long errors = 0;
      String firstError = null;
      for (int r = 1; r <= rounds; r++) {
        boolean bareFirst = r % 2 == 1;
        ClosedLoop.Phase first = ClosedLoop.run(bareFirst ? a0 : b0, callers, size, phase);
        ClosedLoop.Phase second = ClosedLoop.run(bareFirst ? b0 : a0, callers, size, phase);
        ClosedLoop.Phase pa = bareFirst ? first : second;
        ClosedLoop.Phase pb = bareFirst ? second : first;
        double ratio = pb.callsPerSecond() / pa.callsPerSecond();
        ratios.add(ratio);
        errors += pa.errors() + pb.errors();
        firstError = firstError != null ? firstError : pa.firstError() != null ? pa.firstError() : pb.firstError();
        rows.add(String.format(Locale.ROOT, "| %d | %s | %,.0f | %,.0f | %.3f |", r, bareFirst ? "a, b" : "b, a",
            pa.callsPerSecond(), pb.callsPerSecond(), ratio));
      }
      print(callers, size, rounds, phase, warmup, rows, ratios, starter, errors, firstError);
      System.exit(errors == 0 ? 0 : 1);
    }
  }

  private static void print(int callers, int size, int rounds, long phase, long warmup, List<String> rows,
      List<Double> ratios, StarterClientPath starter, long errors, String firstError) {
    List<Double> sorted = new ArrayList<>(ratios);
    sorted.sort(null);
    double median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
        : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
    String out = String.format(Locale.ROOT, """
        ## Starter client overhead

        Method: one Java bench server, two clients each with its own connection to it: **(a)** a bare \
        `TtrpcClient`; **(b)** the starter's path, the client of a `DefaultShimClientRegistry` with one user \
        interceptor (counts calls) and the `ObservationClientInterceptor` of `ShimObservationAutoConfiguration` on an \
        `ObservationRegistry` with a `DefaultMeterObservationHandler` over a `SimpleMeterRegistry`. Both call \
        `ttrpc.bench.v1.Echo/Echo` through a stub shaped like a generated `FooClient`, send the starter's default \
        namespace metadata (`containerd-namespace-ttrpc: default`), %d B payload, %d closed-loop callers, every \
        answer checked. %d s warmup each, then %d rounds of a %d s phase per client, the order alternating \
        (a, b / b, a) so drift hits both; ratio = calls/s of b / calls/s of a within a round.

        | round | order | a: bare calls/s | b: starter calls/s | b/a |
        |---:|---|---:|---:|---:|
        %s

        **Median b/a = %.3f** (min %.3f, max %.3f): the starter path costs %.1f%% of calls/s (the goal: at most 10%%). \
        Check: the observation timer counted %,d calls of b and the user interceptor %,d; failed calls: %d%s.
        """, size, callers, TimeUnit.NANOSECONDS.toSeconds(warmup), rounds, TimeUnit.NANOSECONDS.toSeconds(phase),
        String.join("\n", rows), median, sorted.get(0), sorted.get(sorted.size() - 1), (1 - median) * 100,
        starter.observedCalls(), starter.userInterceptorCalls(), errors,
        firstError == null ? "" : " (first: " + firstError + ")");
    System.out.print(out);
    System.out.flush();
  }
}
