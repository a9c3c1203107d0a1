package dev.ttrpc.bench.soak;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** The calls of one reporting window (a minute): outcomes, failure codes and latencies. */
final class SoakWindow {
  private final Map<Outcome, LongAdder> outcomes = new EnumMap<>(Outcome.class);
  private final ConcurrentHashMap<String, LongAdder> codes = new ConcurrentHashMap<>();
  private final LatencyHistogram latencies = new LatencyHistogram();
  private final AtomicLong bytes = new AtomicLong();

  SoakWindow() {
    for (Outcome o : Outcome.values()) {
      outcomes.put(o, new LongAdder());
    }
  }

  /** Records a call; {@code code} names the status of a failed call (or the kind of loss), else null. */
  void record(Outcome outcome, String code, long nanos, long payloadBytes) {
    outcomes.get(outcome).increment();
    if (code != null) {
      codes.computeIfAbsent(code, c -> new LongAdder()).increment();
    }
    latencies.record(nanos);
    bytes.addAndGet(payloadBytes);
  }

  long count(Outcome o) {
    return outcomes.get(o).sum();
  }

  long calls() {
    long n = 0;
    for (LongAdder a : outcomes.values()) {
      n += a.sum();
    }
    return n;
  }

  LatencyHistogram latencies() {
    return latencies;
  }

  long payloadBytes() {
    return bytes.get();
  }

  /** Failure codes and their counts, sorted by code. */
  Map<String, Long> codes() {
    Map<String, Long> out = new TreeMap<>();
    codes.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }
}
