package dev.ttrpc.fault;

import dev.ttrpc.testing.Poll;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.BytesValue;
import com.google.protobuf.Empty;
import com.google.protobuf.Int64Value;
import dev.ttrpc.Code;
import dev.ttrpc.TtrpcException;
import dev.ttrpc.client.CallOptions;
import dev.ttrpc.client.ClientStream;
import dev.ttrpc.client.TtrpcClient;
import dev.ttrpc.server.TtrpcServer;
import dev.ttrpc.testing.Bytes;
import dev.ttrpc.testing.EchoService;
import dev.ttrpc.testing.TestSockets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * Churn: thousands of connections opened and closed and a hundred thousand calls, many of them cancelled or
 * expired, must leave no file descriptor and no thread behind.
 */
class ChurnTest {
  private static final int CONNECTIONS = 2_000;
  private static final int CALLS = 100_000;
  private static final int WORKERS = 4;
  private static final int WINDOW = 128;
  private static final Duration SETTLE = Duration.ofSeconds(30);

  @Test
  void connectionAndCallChurnLeavesNoDescriptorOrThreadBehind() throws Exception {
    try (TestSockets sockets = new TestSockets()) {
      String address = sockets.address("churn.sock");
      // A fixed, pre-started handler pool: a cached pool's idle threads would linger for a minute and read as a leak.
      ThreadPoolExecutor handlers = new ThreadPoolExecutor(32, 32, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
      handlers.prestartAllCoreThreads();
      TtrpcServer server = TtrpcServer.builder(address).service(EchoService.definition()).executor(handlers)
          .build().start();
      try {
        // Loads classes and native code and starts the client's shared timer, all of which stay for good.
        try (TtrpcClient warmUp = TtrpcClient.connect(address)) {
          churnCalls(warmUp, 500, new ConcurrentHashMap<>());
        }
        Poll.until("the warm-up connection is gone", SETTLE, () -> server.connectionCount() == 0);
        ProcessResources before = ProcessResources.now();

        Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
        runOnWorkers(worker -> {
          for (int i = 0; i < CONNECTIONS / WORKERS; i++) {
            try (TtrpcClient client = TtrpcClient.connect(address)) {
              client.call(EchoService.ECHO, Bytes.value("c" + i));
              count(outcomes, "connection");
            }
          }
        });
        List<TtrpcClient> clients = new ArrayList<>();
        for (int i = 0; i < WORKERS; i++) {
          clients.add(TtrpcClient.connect(address));
        }
        runOnWorkers(worker -> churnCalls(clients.get(worker), CALLS / WORKERS, outcomes));
        clients.forEach(TtrpcClient::close);

        Poll.until("the server has closed every connection", SETTLE, () -> server.connectionCount() == 0);
        ProcessResources after = Poll.settle(SETTLE, ProcessResources::now, before);
        System.out.printf("[fault] churn: %s; before %s, after %s%n", outcomes, before, after);
        assertThat(outcomes.get("connection").sum()).isEqualTo(CONNECTIONS);
        long calls = outcomes.entrySet().stream().filter(e -> !e.getKey().equals("connection"))
            .mapToLong(e -> e.getValue().sum()).sum();
        assertThat(calls).isEqualTo(CALLS);
        assertThat(outcomes.keySet()).as("every kind of ending happened")
            .contains("echo OK", "unary CANCELLED", "deadline DEADLINE_EXCEEDED", "stream cancelled");
        // Exact equality: every descriptor and thread the churn made is owned by a connection or call that ended.
        assertThat(after).isEqualTo(before);
      } finally {
        server.close();
        handlers.shutdownNow();
      }
    }
  }

  /** Runs {@code work} on {@link #WORKERS} threads at once and waits for all of them, rethrowing a failure. */
  private static void runOnWorkers(WorkerBody work) throws Exception {
    List<CompletableFuture<Void>> done = new ArrayList<>();
    for (int w = 0; w < WORKERS; w++) {
      int worker = w;
      CompletableFuture<Void> finished = new CompletableFuture<>();
      Thread t = new Thread(() -> {
        try {
          work.run(worker);
          finished.complete(null);
        } catch (Throwable e) {
          finished.completeExceptionally(e);
        }
      }, "churn-" + w);
      t.start();
      done.add(finished);
    }
    CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
  }

  /** Calls that end every way a call can: answered, cancelled by the caller, expired, stream cancelled. */
  private static void churnCalls(TtrpcClient client, int calls, Map<String, LongAdder> outcomes) {
    Semaphore window = new Semaphore(WINDOW);
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < calls; i++) {
      window.acquireUninterruptibly();
      int kind = random.nextInt(10);
      if (kind < 4) {
        track(client.callAsync(EchoService.ECHO, Bytes.value("e" + i)), "echo", outcomes, window);
      } else if (kind < 6) {
        CompletableFuture<Empty> sleeping = client.callAsync(EchoService.SLEEP, Int64Value.of(random.nextInt(5)));
        sleeping.cancel(true);
        track(sleeping, "unary", outcomes, window);
      } else if (kind < 8) {
        track(client.callAsync(EchoService.SLEEP, Int64Value.of(50),
            CallOptions.timeout(Duration.ofMillis(1 + random.nextInt(3)))), "deadline", outcomes, window);
      } else {
        try {
          cancelStream(client, i, random.nextBoolean());
          count(outcomes, "stream cancelled");
        } finally {
          window.release();
        }
      }
    }
    window.acquireUninterruptibly(WINDOW);
  }

  /**
   * Cancels a stream after one message. TTRPC has no cancel frame, so the server learns nothing of a client-side
   * cancel: these streams are ones whose server side ends anyway (a server stream of five messages, a chat whose
   * send side was closed); a chat cancelled while the server waits in receive() would hold a handler thread until
   * the connection closes.
   */
  private static void cancelStream(TtrpcClient client, int i, boolean serverStream) {
    CallOptions bounded = CallOptions.timeout(Duration.ofSeconds(30));
    if (serverStream) {
      try (ClientStream<BytesValue, BytesValue> repeat = client.openStream(EchoService.REPEAT, Bytes.raw(5, i & 0xff),
          bounded)) {
        repeat.receive();
        repeat.cancel();
      }
    } else {
      try (ClientStream<BytesValue, BytesValue> chat = client.openStream(EchoService.CHAT, bounded)) {
        chat.send(Bytes.value("s" + i));
        chat.receive();
        chat.closeSend();
        chat.cancel();
      }
    }
  }

  private static void track(CompletableFuture<?> call, String kind, Map<String, LongAdder> outcomes,
      Semaphore window) {
    call.whenComplete((ok, error) -> {
      count(outcomes, kind + " " + outcome(error));
      window.release();
    });
  }

  private static String outcome(Throwable error) {
    if (error == null) {
      return "OK";
    }
    if (error instanceof java.util.concurrent.CancellationException) {
      return "cancelled";
    }
    Throwable t = error instanceof java.util.concurrent.CompletionException ? error.getCause() : error;
    return t instanceof TtrpcException e ? e.code().name() : t.toString();
  }

  private static void count(Map<String, LongAdder> outcomes, String key) {
    outcomes.computeIfAbsent(key, k -> new LongAdder()).increment();
  }

  /** The work of one churn thread. */
  @FunctionalInterface
  private interface WorkerBody {
    void run(int worker) throws Exception;
  }
}
