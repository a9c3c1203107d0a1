package dev.ttrpc.bench.soak;

import dev.ttrpc.TtrpcException;
import dev.ttrpc.client.CallOptions;
import dev.ttrpc.client.TtrpcClient;
import dev.ttrpc.transport.TtrpcAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * The {@code soak} command: one {@link TtrpcClient} and {@code -c} callers making the {@link SoakMix} at a steady
 * {@code -rate}, every response checked; one JSON line per window (calls, outcomes, failure codes, p50/p99/max and a
 * {@link ServerProbe} sample of the server taken as the window ends), then a {@code total} line over every call,
 * warmup and the drain after the last window included. Exits 1 if any call was lost, duplicated, mismatched or
 * failed, or did not finish.
 */
public final class SoakMain {
  private final SoakOptions options;
  private final SoakMix mix;
  private final AnswerLedger ledger;
  private final AtomicLong next = new AtomicLong();
  private final AtomicLong issued = new AtomicLong();
  private final SoakWindow total = new SoakWindow();
  private volatile SoakWindow current = new SoakWindow();
  private volatile boolean stopping;

  private SoakMain(SoakOptions options) {
    this.options = options;
    this.mix = new SoakMix(options.streaming());
    this.ledger = new AnswerLedger(ledgerCapacity(options));
  }

  /** Twice the calls the run plans, plus slack; 2^30 calls (128 MiB of bits) for an unpaced run. */
  private static long ledgerCapacity(SoakOptions o) {
    if (o.rate() == 0) {
      return 1L << 30;
    }
    return Math.min(1L << 30, 2 * o.rate() * (o.soakSeconds() + o.warmupSeconds() + 60) + (1 << 20));
  }

  public static void main(String[] args) throws Exception {
    SoakOptions options = SoakOptions.parse(args);
    System.exit(new SoakMain(options).run() ? 0 : 1);
  }

  private boolean run() throws InterruptedException {
    ServerProbe probe = new ServerProbe(options.serverPid(), options.serverKind(), options.gcTrace());
    CallOptions callOptions = CallOptions.timeout(Duration.ofMillis(options.timeoutMillis()));
    try (TtrpcClient client = TtrpcClient.builder(TtrpcAddress.file(options.socket())).connect()) {
      Thread[] callers = startCallers(client, callOptions);
      long t0 = System.nanoTime();
      parkUntil(t0 + TimeUnit.SECONDS.toNanos(options.warmupSeconds()));
      SoakWindow warmup = current;
      ServerProbe.Sample baseline = probe.sample();
      current = new SoakWindow();
      long windowStart = System.nanoTime();
      print(SoakReport.window("warmup", 0, (windowStart - t0) / 1e9, warmup, baseline));
      long windows = Math.max(1, options.soakSeconds() / options.windowSeconds());
      for (int i = 1; i <= windows; i++) {
        parkUntil(windowStart + TimeUnit.SECONDS.toNanos(options.windowSeconds()));
        SoakWindow done = current;
        current = new SoakWindow();
        long end = System.nanoTime();
        print(SoakReport.window("soak", i, (end - windowStart) / 1e9, done, probe.sample()));
        windowStart = end;
      }
      stopping = true;
      long unfinished = joinCallers(callers);
      long notReturned = issued.get() - total.calls();
      print(SoakReport.totals(total, issued.get(), ledger.answered(), notReturned, mixLabel()));
      return unfinished == 0 && notReturned == 0 && total.calls() == total.count(Outcome.OK)
          && ledger.answered() == total.count(Outcome.OK);
    }
  }

  private Thread[] startCallers(TtrpcClient client, CallOptions callOptions) {
    Thread[] threads = new Thread[options.callers()];
    long interval = options.rate() == 0 ? 0 : options.callers() * 1_000_000_000L / options.rate();
    long start = System.nanoTime();
    for (int i = 0; i < threads.length; i++) {
      SoakCaller caller = new SoakCaller(client, ledger, callOptions);
      long first = start + interval * i / threads.length;
      threads[i] = new Thread(() -> callLoop(caller, first, interval), "soak-caller-" + i);
      threads[i].setDaemon(true);
      threads[i].start();
    }
    return threads;
  }

  /**
   * Calls at slots {@code interval} apart; a caller that falls behind does not burst to catch up, so the load stays
   * steady and an overloaded run shows as a lower rate, not a flood.
   */
  private void callLoop(SoakCaller caller, long first, long interval) {
    long slot = first;
    while (!stopping) {
      if (interval > 0) {
        parkUntil(slot);
        slot = Math.max(slot + interval, System.nanoTime() - interval);
      }
      long seq = next.getAndIncrement();
      CallKind kind = mix.kindOf(seq);
      issued.incrementAndGet();
      Outcome outcome;
      String code = null;
      long t0 = System.nanoTime();
      try {
        outcome = caller.call(seq, kind);
      } catch (TtrpcException e) {
        boolean late = e.code() == dev.ttrpc.Code.DEADLINE_EXCEEDED;
        outcome = late ? Outcome.LOST : Outcome.FAILED;
        code = e.code().name();
      } catch (RuntimeException e) {
        outcome = Outcome.FAILED;
        code = e.getClass().getSimpleName();
      }
      long nanos = System.nanoTime() - t0;
      if (outcome != Outcome.OK && code == null) {
        code = outcome.name() + " " + kind.label();
      }
      long bytes = (long) kind.size() * kind.msgs();
      current.record(outcome, code, nanos, bytes);
      total.record(outcome, code, nanos, bytes);
    }
  }

  /** Waits for the callers to finish their last call; returns how many did not within the call deadline. */
  private long joinCallers(Thread[] callers) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(options.timeoutMillis() + 5000);
    long unfinished = 0;
    for (Thread t : callers) {
      t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      if (t.isAlive()) {
        unfinished++;
      }
    }
    return unfinished;
  }

  private String mixLabel() {
    return Arrays.stream(mix.kinds()).map(CallKind::label).collect(Collectors.joining(" "));
  }

  private static void parkUntil(long nanoTime) {
    for (long left = nanoTime - System.nanoTime(); left > 0; left = nanoTime - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
  }

  private static void print(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
