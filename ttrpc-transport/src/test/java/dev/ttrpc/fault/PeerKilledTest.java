package dev.ttrpc.fault;

import dev.ttrpc.testing.Poll;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.BytesValue;
import com.google.protobuf.Empty;
import dev.ttrpc.Code;
import dev.ttrpc.TtrpcException;
import dev.ttrpc.client.Backoff;
import dev.ttrpc.client.CallOptions;
import dev.ttrpc.client.ClientStream;
import dev.ttrpc.client.TtrpcClient;
import dev.ttrpc.testing.Bytes;
import dev.ttrpc.testing.TestSockets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The peer is killed with SIGKILL while calls are in flight: every one of them, unary and streaming, must fail with
 * UNAVAILABLE within 100 ms of the process's exit (the bound the reliability issue sets).
 */
class PeerKilledTest {
  private static final int UNARY_CALLS = 200;
  private static final int SERVER_STREAMS = 10;
  private static final int BIDI_STREAMS = 10;
  private static final long BOUND_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  /** When and how one call failed. */
  private record Failure(String call, long atNanos, Throwable error) {}

  @Test
  void everyCallInFlightFailsUnavailableWithin100msOfThePeersDeath() throws Exception {
    try (TestSockets sockets = new TestSockets();
        PeerProcess peer = PeerProcess.start(sockets.address("peer.sock"));
        TtrpcClient client = TtrpcClient.builder(sockets.address("peer.sock"))
            .reconnect(false, Backoff.DEFAULT).connect()) {
      List<CompletableFuture<Failure>> failures = new ArrayList<>();
      for (int i = 0; i < UNARY_CALLS; i++) {
        failures.add(failureOf("unary " + i, client.callAsync(HangingService.HANG, Bytes.value("u" + i))));
      }
      for (int i = 0; i < SERVER_STREAMS; i++) {
        failures.add(failureOf("server stream " + i,
            client.openStream(HangingService.HANG_SERVER_STREAM, Bytes.value("s" + i), CallOptions.DEFAULT)));
      }
      for (int i = 0; i < BIDI_STREAMS; i++) {
        ClientStream<BytesValue, BytesValue> bidi = client.openStream(HangingService.HANG_BIDI, CallOptions.DEFAULT);
        bidi.send(Bytes.value("b" + i));
        failures.add(failureOf("bidi stream " + i, bidi));
      }
      int total = UNARY_CALLS + SERVER_STREAMS + BIDI_STREAMS;
      Poll.until("the peer serves all " + total + " calls", Duration.ofSeconds(30),
          () -> client.call(HangingService.CALLS_IN_FLIGHT, Empty.getDefaultInstance()).getValue() == total + 1);
      assertThat(failures).noneMatch(CompletableFuture::isDone);

      long signalledAt = System.nanoTime();
      long exitedAt = peer.kill().get(30, TimeUnit.SECONDS);

      long worst = Long.MIN_VALUE;
      String worstCall = null;
      for (CompletableFuture<Failure> f : failures) {
        Failure failure = f.get(30, TimeUnit.SECONDS);
        assertThat(failure.error()).as(failure.call()).isInstanceOfSatisfying(TtrpcException.class,
            e -> assertThat(e.code()).as(failure.call() + ": " + e).isEqualTo(Code.UNAVAILABLE));
        if (failure.atNanos() - exitedAt > worst) {
          worst = failure.atNanos() - exitedAt;
          worstCall = failure.call();
        }
      }
      // Usually negative: the kernel closes the socket before the JVM's process reaper reports the exit.
      System.out.printf("[fault] peer killed: %d calls failed UNAVAILABLE, latest %.3f ms after exit (%s), "
          + "%.3f ms after SIGKILL was sent%n", failures.size(), worst / 1e6, worstCall,
          (worst + exitedAt - signalledAt) / 1e6);
      assertThat(worst).as("nanoseconds from the peer's exit to the last failure (%s)", worstCall)
          .isLessThanOrEqualTo(BOUND_NANOS);
      assertThat(client.callsInFlight()).isZero();
    }
  }

  private static CompletableFuture<Failure> failureOf(String call, CompletableFuture<?> future) {
    return future.handle((ok, error) -> new Failure(call, System.nanoTime(),
        error == null ? new AssertionError(call + " succeeded: " + ok) : unwrap(error)));
  }

  /** A thread per stream, blocked in receive() as a real consumer would be, noting when receive() throws. */
  private static CompletableFuture<Failure> failureOf(String call, ClientStream<?, ?> stream) {
    CompletableFuture<Failure> failure = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try {
        stream.receive(); // the handler's echo of the first request
        Object next = stream.receive();
        failure.complete(new Failure(call, System.nanoTime(), new AssertionError(call + " received " + next)));
      } catch (RuntimeException e) {
        failure.complete(new Failure(call, System.nanoTime(), e));
      }
    }, "reader " + call);
    reader.setDaemon(true);
    reader.start();
    return failure;
  }

  private static Throwable unwrap(Throwable t) {
    return t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
  }
}
