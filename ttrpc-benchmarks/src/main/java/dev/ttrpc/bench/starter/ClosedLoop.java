package dev.ttrpc.bench.starter;

import com.google.protobuf.BytesValue;
import com.google.protobuf.UnsafeByteOperations;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/** {@code callers} platform threads calling one stub back to back for a fixed time; every answer is checked. */
final class ClosedLoop {
  private ClosedLoop() {}

  /**
   * @param calls calls completed in the phase
   * @param seconds its length
   * @param errors failed calls and wrong answers
   * @param firstError what the first failure was, or null
   * @param cpuNanos CPU time of this (client) process during the phase, -1 if unknown
   */
  record Phase(long calls, double seconds, long errors, String firstError, long cpuNanos) {
    double callsPerSecond() {
      return calls / seconds;
    }

    /** Client CPU microseconds per call: unlike calls/s, hardly moved by other processes taking the cores. */
    double cpuMicrosPerCall() {
      return cpuNanos < 0 || calls == 0 ? Double.NaN : cpuNanos / 1e3 / calls;
    }
  }

  private static long processCpuNanos() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
  }

  static Phase run(EchoStub stub, int callers, int size, long nanos) throws InterruptedException {
    LongAdder calls = new LongAdder();
    LongAdder errors = new LongAdder();
    AtomicReference<String> firstError = new AtomicReference<>();
    CountDownLatch go = new CountDownLatch(1);
    long[] end = new long[1];
    Thread[] threads = new Thread[callers];
    for (int i = 0; i < callers; i++) {
      byte[] bytes = new byte[size];
      bytes[0] = (byte) i;
      BytesValue request = BytesValue.of(UnsafeByteOperations.unsafeWrap(bytes));
      threads[i] = new Thread(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          return;
        }
        while (System.nanoTime() < end[0]) {
          try {
            BytesValue response = stub.echo(request);
            if (!response.equals(request)) {
              errors.increment();
              firstError.compareAndSet(null, "an answer differs from its request");
            }
          } catch (RuntimeException e) {
            errors.increment();
            firstError.compareAndSet(null, e.toString());
          }
          calls.increment();
        }
      }, "overhead-caller-" + i);
      threads[i].setDaemon(true);
      threads[i].start();
    }
    long cpu0 = processCpuNanos();
    long t0 = System.nanoTime();
    end[0] = t0 + nanos; // published to the callers by the latch
    go.countDown();
    for (Thread t : threads) {
      t.join();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    long cpu1 = processCpuNanos();
    return new Phase(calls.sum(), seconds, errors.sum(), firstError.get(), cpu0 < 0 || cpu1 < 0 ? -1 : cpu1 - cpu0);
  }
}
