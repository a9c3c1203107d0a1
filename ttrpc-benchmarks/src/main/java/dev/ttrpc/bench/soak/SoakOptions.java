package dev.ttrpc.bench.soak;

import dev.ttrpc.bench.Args;
import java.nio.file.Path;
import java.util.Set;

/**
 * Settings of a soak run.
 *
 * @param socket the server's socket file
 * @param serverPid the server's process id, for its fd count, RSS and heap
 * @param serverKind {@code java} or {@code go}: how the heap is read, and whether streams are in the mix
 * @param gcTrace the Go server's gctrace log (stderr), or null
 * @param soakSeconds measured length of the run
 * @param windowSeconds length of one reported window (60: per minute)
 * @param warmupSeconds calls before the first window, unreported except for the baseline server sample
 * @param rate target calls per second over all callers; 0 for a closed loop at full speed
 * @param callers caller threads, each making one call at a time
 * @param timeoutMillis deadline of each call: an answer later than this counts as lost
 * @param streaming whether streams are in the mix (Go ttrpc 1.1.1 serves none)
 */
record SoakOptions(Path socket, long serverPid, String serverKind, Path gcTrace, long soakSeconds,
    long windowSeconds, long warmupSeconds, long rate, int callers, long timeoutMillis, boolean streaming) {

  static final String USAGE = "soak --socket PATH -server-pid PID -server java|go [-gctrace FILE] [-seconds 600] "
      + "[-window-seconds 60] [-warmup-seconds 15] [-rate 6000] [-c 32] [-timeout-ms 10000] [-streaming 0|1]";

  SoakOptions {
    if (serverPid < 1) {
      throw new IllegalArgumentException("soak: -server-pid is required (the server's process id)");
    }
  }

  static SoakOptions parse(String[] args) {
    Args a = Args.parse("soak", args, Set.of("socket", "server-pid", "server", "gctrace", "seconds",
        "window-seconds", "warmup-seconds", "rate", "c", "timeout-ms", "streaming"));
    String kind = a.required("server");
    String trace = a.string("gctrace", "");
    return new SoakOptions(Path.of(a.required("socket")), a.number("server-pid", -1, 1, Long.MAX_VALUE), kind,
        trace.isEmpty() ? null : Path.of(trace), a.number("seconds", 600, 1, 7 * 86400),
        a.number("window-seconds", 60, 1, 3600), a.number("warmup-seconds", 15, 0, 3600),
        a.number("rate", 6000, 0, 10_000_000), (int) a.number("c", 32, 1, 10_000),
        a.number("timeout-ms", 10_000, 1, 3_600_000),
        a.number("streaming", kind.equals("java") ? 1 : 0, 0, 1) == 1);
  }
}
