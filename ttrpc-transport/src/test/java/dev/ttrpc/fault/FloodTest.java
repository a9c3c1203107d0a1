package dev.ttrpc.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.BytesValue;
import dev.ttrpc.Code;
import dev.ttrpc.MethodDescriptor;
import dev.ttrpc.MethodType;
import dev.ttrpc.TtrpcException;
import dev.ttrpc.client.TtrpcClient;
import dev.ttrpc.server.ServiceDefinition;
import dev.ttrpc.server.TtrpcServer;
import dev.ttrpc.testing.Bytes;
import dev.ttrpc.testing.TestSockets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A flood of calls against a slow handler: past its bounds the server answers RESOURCE_EXHAUSTED (or, for request
 * bytes, stops reading), so the live heap stays within what the configured limits allow however many calls arrive.
 */
class FloodTest {
  private static final int MAX_CONNECTIONS = 4;
  private static final int MAX_CALLS_PER_CONNECTION = 32;
  private static final long MAX_BYTES_IN_FLIGHT = 256 << 10;
  /** Frames of the one read a paused connection has already made (see maxBytesInFlightPerConnection). */
  private static final long ONE_READ = 64 << 10;
  private static final int FLOOD_CALLS = 50_000;
  private static final int SMALL = 1 << 10;
  private static final int LARGE = 64 << 10;
  /** Calls each flooding client keeps outstanding: the test's own memory stays bounded, so growth is the server's. */
  private static final int WINDOW = 256;
  /** Generous heap cost of one call in flight beyond its payload: futures, frames, protobuf objects, map entries. */
  private static final long PER_CALL_OVERHEAD = 16 << 10;
  /** GC noise, JIT, class loading, thread stacks' heap side. */
  private static final long SLACK = 32L << 20;

  private static final MethodDescriptor<BytesValue, BytesValue> SLOW =
      MethodDescriptor.of("fault.Slow", "Echo", MethodType.UNARY, BytesValue.parser(), BytesValue.parser());

  private final TestSockets sockets = new TestSockets();
  private final AtomicInteger maxCallsSeenByHandler = new AtomicInteger();
  private ExecutorService handlers;
  private TtrpcServer server;

  @BeforeEach
  void startServer() throws Exception {
    handlers = Executors.newFixedThreadPool(16);
    ServiceDefinition slow = ServiceDefinition.builder("fault.Slow").unary(SLOW, (req, ctx) -> {
      maxCallsSeenByHandler.accumulateAndGet(server.callsInFlight(), Math::max);
      // Stands in for real work that takes a while; nothing waits on it to happen.
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
      return req;
    }).build();
    server = TtrpcServer.builder(sockets.address("flood.sock")).service(slow).executor(handlers)
        .maxConnections(MAX_CONNECTIONS).maxCallsPerConnection(MAX_CALLS_PER_CONNECTION)
        .maxBytesInFlightPerConnection(MAX_BYTES_IN_FLIGHT).build().start();
  }

  @AfterEach
  void stopServer() {
    server.close();
    handlers.shutdownNow();
    sockets.close();
  }

  @Test
  void aFloodIsAnsweredResourceExhaustedPastTheBoundsAndTheHeapStaysBounded() throws Exception {
    List<TtrpcClient> clients = new ArrayList<>();
    try {
      for (int i = 0; i < MAX_CONNECTIONS; i++) {
        TtrpcClient client = TtrpcClient.connect(sockets.address("flood.sock"));
        clients.add(client);
        assertThat(client.call(SLOW, Bytes.value("hello"))).isEqualTo(Bytes.value("hello"));
      }
      try (TtrpcClient oneTooMany = TtrpcClient.connect(sockets.address("flood.sock"))) {
        assertThatThrownBy(() -> oneTooMany.call(SLOW, Bytes.value("no room")))
            .isInstanceOfSatisfying(TtrpcException.class, e -> {
              assertThat(e.code()).isEqualTo(Code.RESOURCE_EXHAUSTED);
              assertThat(e.getMessage()).contains("too many connections");
            });
      }
      long before = UsedHeap.afterGc();

      Map<Code, LongAdder> outcomes = new ConcurrentHashMap<>();
      CountDownLatch done = new CountDownLatch(clients.size());
      for (TtrpcClient client : clients) {
        Thread flooder = new Thread(() -> flood(client, FLOOD_CALLS / clients.size(), SMALL, outcomes, done));
        flooder.setDaemon(true);
        flooder.start();
      }
      long peak = 0;
      while (!done.await(250, TimeUnit.MILLISECONDS)) {
        peak = Math.max(peak, UsedHeap.afterGc() - before);
      }
      Map<Code, Long> counts = new EnumMap<>(Code.class);
      outcomes.forEach((code, n) -> counts.put(code, n.sum()));
      long after = UsedHeap.afterGc() - before;

      long serverBound = MAX_CONNECTIONS * (MAX_BYTES_IN_FLIGHT + ONE_READ
          + MAX_CALLS_PER_CONNECTION * PER_CALL_OVERHEAD);
      long clientBound = (long) clients.size() * WINDOW * (SMALL + PER_CALL_OVERHEAD);
      System.out.printf("[fault] flood: %s; heap before %s, peak growth %s, growth after %s, bound %s%n", counts,
          UsedHeap.mib(before), UsedHeap.mib(peak), UsedHeap.mib(after),
          UsedHeap.mib(serverBound + clientBound + SLACK));
      assertThat(counts.keySet()).containsOnly(Code.OK, Code.RESOURCE_EXHAUSTED);
      assertThat(counts.get(Code.OK) + counts.get(Code.RESOURCE_EXHAUSTED)).isEqualTo(FLOOD_CALLS);
      assertThat(counts.get(Code.RESOURCE_EXHAUSTED)).isPositive();
      assertThat(maxCallsSeenByHandler.get()).isLessThanOrEqualTo(MAX_CONNECTIONS * MAX_CALLS_PER_CONNECTION);
      assertThat(peak).as("live heap growth during the flood").isLessThanOrEqualTo(serverBound + clientBound + SLACK);
      assertThat(after).as("live heap growth after the flood").isLessThanOrEqualTo(SLACK);
    } finally {
      clients.forEach(TtrpcClient::close);
    }
  }

  @Test
  void largeRequestsPastTheByteBudgetWaitInTheSocketInsteadOfTheHeap() throws Exception {
    try (TtrpcClient client = TtrpcClient.connect(sockets.address("flood.sock"))) {
      long before = UsedHeap.afterGc();
      Map<Code, LongAdder> outcomes = new ConcurrentHashMap<>();
      CountDownLatch done = new CountDownLatch(1);
      // 1,000 x 64 KiB = 62.5 MiB of requests against a 256 KiB budget.
      flood(client, 1_000, LARGE, outcomes, done);
      long after = UsedHeap.afterGc() - before;
      long budgetCalls = (MAX_BYTES_IN_FLIGHT + ONE_READ) / LARGE + 1;
      System.out.printf("[fault] byte budget: %s OK, at most %d calls served at once (bound %d), heap growth "
          + "after %s%n", outcomes.get(Code.OK), maxCallsSeenByHandler.get(), budgetCalls, UsedHeap.mib(after));
      assertThat(outcomes.keySet()).containsOnly(Code.OK);
      assertThat(outcomes.get(Code.OK).sum()).isEqualTo(1_000);
      assertThat(maxCallsSeenByHandler.get()).as("calls admitted at once under the byte budget")
          .isLessThanOrEqualTo((int) budgetCalls);
      assertThat(after).isLessThanOrEqualTo(SLACK);
    }
  }

  /** Makes {@code calls} calls with at most {@link #WINDOW} outstanding, counting each outcome's code. */
  private static void flood(TtrpcClient client, int calls, int payloadSize, Map<Code, LongAdder> outcomes,
      CountDownLatch done) {
    BytesValue payload = Bytes.ofSize(payloadSize);
    Semaphore window = new Semaphore(WINDOW);
    try {
      for (int i = 0; i < calls; i++) {
        window.acquire();
        CompletableFuture<BytesValue> call = client.callAsync(SLOW, payload);
        call.whenComplete((ok, error) -> {
          Code code = error == null ? (ok.equals(payload) ? Code.OK : Code.DATA_LOSS) : codeOf(error);
          outcomes.computeIfAbsent(code, c -> new LongAdder()).increment();
          window.release();
        });
      }
      window.acquire(WINDOW);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      done.countDown();
    }
  }

  private static Code codeOf(Throwable error) {
    Throwable t = error instanceof java.util.concurrent.CompletionException ? error.getCause() : error;
    return t instanceof TtrpcException e ? e.code() : Code.UNKNOWN;
  }
}
