package dev.ttrpc.bench;

import java.util.Locale;

/**
 * What a load run measured, printed as one JSON line. The first nine fields are those every client of the
 * benchmark protocol reports; the rest are extras. Per-call figures are {@code -1} when unknown.
 *
 * @param mbPerSec response payload bytes received per second, in MB (10^6)
 * @param serverCpuUsPerCall CPU of the server process per call, when its pid was given (else -1)
 * @param clientAllocBytesPerCall heap bytes the client JVM allocated per call
 */
public record BenchResult(
    long calls,
    double seconds,
    double callsPerSec,
    double p50Us,
    double p99Us,
    double p999Us,
    double maxUs,
    long errors,
    double clientCpuUsPerCall,
    double mbPerSec,
    String method,
    int size,
    int concurrency,
    int msgs,
    long warmup,
    double serverCpuUsPerCall,
    double clientAllocBytesPerCall,
    String firstError) {

  /** One line of JSON, without a trailing newline. */
  public String toJson() {
    StringBuilder sb = new StringBuilder(400);
    sb.append('{');
    field(sb, "calls", Long.toString(calls));
    field(sb, "seconds", number(seconds, 6));
    field(sb, "calls_per_sec", number(callsPerSec, 1));
    field(sb, "p50_us", number(p50Us, 1));
    field(sb, "p99_us", number(p99Us, 1));
    field(sb, "p999_us", number(p999Us, 1));
    field(sb, "max_us", number(maxUs, 1));
    field(sb, "errors", Long.toString(errors));
    field(sb, "client_cpu_us_per_call", number(clientCpuUsPerCall, 1));
    field(sb, "mb_per_sec", number(mbPerSec, 1));
    field(sb, "method", quote(method));
    field(sb, "size", Integer.toString(size));
    field(sb, "concurrency", Integer.toString(concurrency));
    field(sb, "msgs", Integer.toString(msgs));
    field(sb, "warmup", Long.toString(warmup));
    field(sb, "server_cpu_us_per_call", number(serverCpuUsPerCall, 1));
    field(sb, "client_alloc_bytes_per_call", number(clientAllocBytesPerCall, 0));
    if (firstError != null) {
      field(sb, "first_error", quote(firstError));
    }
    sb.setLength(sb.length() - 1);
    return sb.append('}').toString();
  }

  private static void field(StringBuilder sb, String name, String value) {
    sb.append('"').append(name).append("\":").append(value).append(',');
  }

  private static String number(double v, int decimals) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return "-1";
    }
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
