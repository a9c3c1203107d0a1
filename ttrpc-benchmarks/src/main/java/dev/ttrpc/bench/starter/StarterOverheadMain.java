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
 * The {@code starter-overhead} command: calls/s of the starter's client path (b, see {@link StarterClientPath}),
 * and of that path without observation (c), against a bare {@link TtrpcClient} (a), all calling the same server
 * through an {@link EchoStub} with the same payload, callers and namespace metadata, in alternating phases (a b c,
 * then c b a, ...) so that drift of a shared machine hits all. Prints a Markdown section: the method, every phase,
 * the ratios b/a and c/a per round and their medians.
 * Exits 1 if any call failed.
 */
public final class StarterOverheadMain {
  static final String USAGE = "starter-overhead --socket PATH [-c 16] [-size 1024] [-rounds 6] [-seconds 5] "
      + "[-warmup-seconds 5] [-long-task-timers false]";

  private StarterOverheadMain() {}

  public static void main(String[] args) throws Exception {
    Args a = Args.parse("starter-overhead", args, Set.of("socket", "c", "size", "rounds", "seconds", "warmup-seconds",
        "long-task-timers"));
    Path socket = Path.of(a.required("socket"));
    int callers = (int) a.number("c", 16, 1, 10_000);
    int size = (int) a.number("size", 1024, 1, 4 << 20);
    int rounds = (int) a.number("rounds", 6, 1, 1000);
    long phase = TimeUnit.SECONDS.toNanos(a.number("seconds", 5, 1, 3600));
    long warmup = TimeUnit.SECONDS.toNanos(a.number("warmup-seconds", 5, 0, 3600));
    boolean longTaskTimers = Boolean.parseBoolean(a.string("long-task-timers", "false"));

    try (TtrpcClient bare = TtrpcClient.builder(TtrpcAddress.file(socket))
            .defaultMetadata(Metadata.of(ShimClientRegistry.NAMESPACE_METADATA_KEY, StarterClientPath.NAMESPACE))
            .connect();
        StarterClientPath starter = new StarterClientPath(socket, true, longTaskTimers);
        StarterClientPath unobserved = new StarterClientPath(socket, false, longTaskTimers)) {
      EchoStub a0 = EchoStub.of(bare);
      EchoStub b0 = EchoStub.of(starter.client());
      EchoStub c0 = EchoStub.of(unobserved.client());
      if (warmup > 0) {
        ClosedLoop.run(a0, callers, size, warmup);
        ClosedLoop.run(b0, callers, size, warmup);
        ClosedLoop.run(c0, callers, size, warmup);
      }
      List<String> rows = new ArrayList<>();
      List<Double> ratios = new ArrayList<>();
      List<Double> unobservedRatios = new ArrayList<>();
      List<Double> cpuRatios = new ArrayList<>();
      long errors = 0;
      String firstError = null;
      for (int r = 1; r <= rounds; r++) {
        // a b c, then c b a: each client is as often early as late in a round, b always in the middle.
        boolean bareFirst = r % 2 == 1;
        ClosedLoop.Phase first = ClosedLoop.run(bareFirst ? a0 : c0, callers, size, phase);
        ClosedLoop.Phase pb = ClosedLoop.run(b0, callers, size, phase);
        ClosedLoop.Phase last = ClosedLoop.run(bareFirst ? c0 : a0, callers, size, phase);
        ClosedLoop.Phase pa = bareFirst ? first : last;
        ClosedLoop.Phase pc = bareFirst ? last : first;
        double ratio = pb.callsPerSecond() / pa.callsPerSecond();
        double unobservedRatio = pc.callsPerSecond() / pa.callsPerSecond();
        ratios.add(ratio);
        unobservedRatios.add(unobservedRatio);
        cpuRatios.add(pb.cpuMicrosPerCall() / pa.cpuMicrosPerCall());
        for (ClosedLoop.Phase p : new ClosedLoop.Phase[] {pa, pb, pc}) {
          errors += p.errors();
          firstError = firstError != null ? firstError : p.firstError();
        }
        rows.add(String.format(Locale.ROOT, "| %d | %s | %,.0f | %,.0f | %,.0f | %.3f | %.3f | %.1f | %.1f | %.1f |", r,
            bareFirst ? "a, b, c" : "c, b, a", pa.callsPerSecond(), pb.callsPerSecond(), pc.callsPerSecond(), ratio,
            unobservedRatio, pa.cpuMicrosPerCall(), pb.cpuMicrosPerCall(), pc.cpuMicrosPerCall()));
      }
      print(callers, size, rounds, phase, warmup, rows, ratios, unobservedRatios, cpuRatios, starter,
          errors, firstError);
      System.exit(errors == 0 ? 0 : 1);
    }
  }

  private static void print(int callers, int size, int rounds, long phase, long warmup, List<String> rows,
      List<Double> ratios, List<Double> unobservedRatios, List<Double> cpuRatios, StarterClientPath starter, long errors,
      String firstError) {
    List<Double> sorted = new ArrayList<>(ratios);
    sorted.sort(null);
    double median = median(ratios);
    String out = String.format(Locale.ROOT, """
        ## Starter client overhead

        Method: one Java bench server, three clients each with its own connection to it: **(a)** a bare \
        `TtrpcClient`; **(b)** the starter's path, the client of a `DefaultShimClientRegistry` with one user \
        interceptor (counts calls) and the `ObservationClientInterceptor` of `ShimObservationAutoConfiguration` on an \
        `ObservationRegistry` whose meter handlers, grouped as Spring Boot groups them (the first that supports an \
        observation handles it), are the starter's `TtrpcMeterObservationHandler` and Micrometer's \
        `DefaultMeterObservationHandler`, over a `SimpleMeterRegistry`, long-task timers of TTRPC calls %s; \
        **(c)** the same registry path without the observation interceptor, to tell what observation costs. All call \
        `ttrpc.bench.v1.Echo/Echo` through a stub shaped like a generated `FooClient`, send the starter's default \
        namespace metadata (`containerd-namespace-ttrpc: default`), %d B payload, %d closed-loop callers, every \
        answer checked. %d s warmup each, then %d rounds of a %d s phase per client, the order alternating \
        (a, b, c / c, b, a) so drift hits all alike; ratios are calls/s within a round.

        | round | order | a: bare calls/s | b: starter calls/s | c: starter without observation calls/s | b/a | c/a \
        | a: client CPU us/call | b | c |
        |---:|---|---:|---:|---:|---:|---:|---:|---:|---:|
        %s

        **Median b/a = %.3f** (min %.3f, max %.3f): the starter path costs %.1f%% of calls/s (the goal: at most 10%%). \
        Without observation (c/a) the median is %.3f. Client CPU per call, b over a (median): %.3f; the client \
        process's CPU time per call is hardly moved by other processes, so on a shared machine it tells more than \
        calls/s (the server's CPU per call is the same for all three). Check: the observation timer counted %,d calls of b and the user interceptor %,d; failed calls: %d%s.
        """, starter.longTaskTimers()
            ? "on (`shim.observations.long-task-timers=true`, as Boot keeps them for other observations)"
            : "off (the starter's default)",
        size, callers, TimeUnit.NANOSECONDS.toSeconds(warmup), rounds, TimeUnit.NANOSECONDS.toSeconds(phase),
        String.join("\n", rows), median, sorted.get(0), sorted.get(sorted.size() - 1), (1 - median) * 100,
        median(unobservedRatios), median(cpuRatios), starter.observedCalls(), starter.userInterceptorCalls(), errors,
        firstError == null ? "" : " (first: " + firstError + ")");
    System.out.print(out);
    System.out.flush();
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
