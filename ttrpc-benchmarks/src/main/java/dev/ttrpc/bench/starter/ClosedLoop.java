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
   */
  record Phase(long calls, double seconds, long errors, String firstError) {
    double callsPerSecond() {
      return calls / seconds;
    }
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
    long t0 = System.nanoTime();
    end[0] = t0 + nanos; // published to the callers by the latch
    go.countDown();
    for (Thread t : threads) {
      t.join();
    }
    return new Phase(calls.sum(), (System.nanoTime() - t0) / 1e9, errors.sum(), firstError.get());
  }
}
