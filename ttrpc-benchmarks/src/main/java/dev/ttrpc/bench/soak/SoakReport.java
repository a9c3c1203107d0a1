package dev.ttrpc.bench.soak;

import java.util.Locale;
import java.util.stream.Collectors;

/** The JSON lines a soak prints: one per window, then the totals. */
final class SoakReport {
  private SoakReport() {}

  static String window(String phase, int index, double seconds, SoakWindow w, ServerProbe.Sample s) {
    LatencyHistogram h = w.latencies();
    return String.format(Locale.ROOT, "{\"phase\":\"%s\",\"window\":%d,\"seconds\":%.3f,%s,\"calls_per_sec\":%.1f,"
            + "\"mb\":%.1f,\"p50_us\":%d,\"p99_us\":%d,\"max_us\":%d,\"server_fds\":%d,\"server_rss_kib\":%d,"
            + "\"server_heap_kib\":%d,\"server_heap_committed_kib\":%d}",
        phase, index, seconds, outcomes(w), w.calls() / Math.max(seconds, 1e-9), w.payloadBytes() / 1e6,
        h.percentileMicros(0.50), h.percentileMicros(0.99), h.maxMicros(),
        s == null ? -1 : s.fds(), s == null ? -1 : s.rssKib(), s == null ? -1 : s.heapAfterGcKib(),
        s == null ? -1 : s.heapCommittedKib());
  }

  static String totals(SoakWindow all, long issued, long ledgerAnswered, long unfinished, String mix) {
    return String.format(Locale.ROOT, "{\"phase\":\"total\",%s,\"issued\":%d,\"unfinished\":%d,"
            + "\"ledger_answered\":%d,\"mix\":\"%s\"}",
        outcomes(all), issued, unfinished, ledgerAnswered, mix);
  }

  private static String outcomes(SoakWindow w) {
    String codes = w.codes().entrySet().stream()
        .map(e -> "\"" + e.getKey().replace("\"", "'") + "\":" + e.getValue())
        .collect(Collectors.joining(",", "{", "}"));
    return String.format(Locale.ROOT, "\"calls\":%d,\"ok\":%d,\"lost\":%d,\"duplicated\":%d,\"mismatched\":%d,"
            + "\"failed\":%d,\"codes\":%s", w.calls(), w.count(Outcome.OK), w.count(Outcome.LOST),
        w.count(Outcome.DUPLICATED), w.count(Outcome.MISMATCHED), w.count(Outcome.FAILED), codes);
  }
}
