package dev.ttrpc.fault;

import dev.ttrpc.testing.Poll;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.BytesValue;
import dev.ttrpc.Code;
import dev.ttrpc.MethodDescriptor;
import dev.ttrpc.MethodType;
import dev.ttrpc.TtrpcException;
import dev.ttrpc.client.Backoff;
import dev.ttrpc.client.TtrpcClient;
import dev.ttrpc.server.ServiceDefinition;
import dev.ttrpc.server.TtrpcServer;
import dev.ttrpc.testing.Bytes;
import dev.ttrpc.testing.TestSockets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * A graceful shutdown while many callers are busy: every call the server took in before it finished draining gets
 * its real answer, and calls after that are refused UNAVAILABLE, never lost or answered with an error.
 */
class GracefulShutdownUnderLoadTest {
  /** Why calls were refused, for the report when the counts disagree. */
  private static final java.util.Map<String, Integer> REFUSALS = new java.util.concurrent.ConcurrentHashMap<>();
  private static final int CALLERS = 16;
  private static final int WINDOW = 16;

  private static final MethodDescriptor<BytesValue, BytesValue> WORK =
      MethodDescriptor.of("fault.Work", "Do", MethodType.UNARY, BytesValue.parser(), BytesValue.parser());

  @Test
  void everyAcceptedCallIsAnsweredAndLaterCallsAreRefused() throws Exception {
    AtomicInteger accepted = new AtomicInteger();
    ServiceDefinition work = ServiceDefinition.builder("fault.Work").unary(WORK, (req, ctx) -> {
      accepted.incrementAndGet();
      // Stands in for real work, so that calls are still running when the drain starts.
      LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(500 + (req.hashCode() & 0x7ff)));
      return req;
    }).build();
    try (TestSockets sockets = new TestSockets()) {
      String address = sockets.address("drain.sock");
      TtrpcServer server = TtrpcServer.builder(address).service(work).build().start();
      AtomicInteger answered = new AtomicInteger();
      AtomicInteger refused = new AtomicInteger();
      Queue<String> wrong = new ConcurrentLinkedQueue<>();
      List<TtrpcClient> clients = new ArrayList<>();
      List<CompletableFuture<Void>> callers = new ArrayList<>();
      try {
        for (int c = 0; c < CALLERS; c++) {
          TtrpcClient client = TtrpcClient.builder(address).reconnect(false, Backoff.DEFAULT).connect();
          clients.add(client);
          callers.add(CompletableFuture.runAsync(() -> callUntilRefused(client, answered, refused, wrong),
              r -> new Thread(r, "caller").start()));
        }
        Poll.until("the server is busy", Duration.ofSeconds(30), () -> accepted.get() >= 500);
        int inFlightAtShutdown = server.callsInFlight();
        boolean drained = server.shutdown(Duration.ofSeconds(20));
        CompletableFuture.allOf(callers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        System.out.printf("[fault] graceful shutdown: %d calls in flight when it began, accepted %d, answered %d, "
            + "refused %d, wrong %d; refusals: %s%n", inFlightAtShutdown, accepted.get(), answered.get(), refused.get(),
            wrong.size(), REFUSALS);
        assertThat(drained).as("drained within the grace period").isTrue();
        assertThat(wrong).as("calls that ended any other way").isEmpty();
        assertThat(answered.get()).as("answered correctly").isEqualTo(accepted.get());
        assertThat(refused.get()).as("refused after the drain").isPositive();
      } finally {
        clients.forEach(TtrpcClient::close);
        server.close();
      }
    }
  }

  /** Keeps {@link #WINDOW} calls going until the first refusal, then waits for the ones still out. */
  private static void callUntilRefused(TtrpcClient client, AtomicInteger answered, AtomicInteger refused,
      Queue<String> wrong) {
    Semaphore window = new Semaphore(WINDOW);
    AtomicBoolean refusedOnce = new AtomicBoolean();
    for (int i = 0; !refusedOnce.get(); i++) {
      window.acquireUninterruptibly();
      BytesValue request = Bytes.value(Thread.currentThread().getId() + "/" + i);
      client.callAsync(WORK, request).whenComplete((response, error) -> {
        if (error == null) {
          if (response.equals(request)) {
            answered.incrementAndGet();
          } else {
            wrong.add("answer " + response + " to " + request);
          }
        } else if (codeOf(error) == Code.UNAVAILABLE) {
          refused.incrementAndGet();
          REFUSALS.merge(String.valueOf(error.getMessage()).replaceAll("/tmp/\\S+", ""), 1, Integer::sum);
          refusedOnce.set(true);
        } else {
          wrong.add(request.getValue().toStringUtf8() + ": " + error);
        }
        window.release();
      });
    }
    window.acquireUninterruptibly(WINDOW);
  }

  private static Code codeOf(Throwable error) {
    Throwable t = error instanceof java.util.concurrent.CompletionException ? error.getCause() : error;
    return t instanceof TtrpcException e ? e.code() : Code.UNKNOWN;
  }
}
