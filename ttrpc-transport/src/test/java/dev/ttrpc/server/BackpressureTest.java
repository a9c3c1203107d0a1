package dev.ttrpc.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.BytesValue;
import dev.ttrpc.MethodDescriptor;
import dev.ttrpc.MethodType;
import dev.ttrpc.client.TtrpcClient;
import dev.ttrpc.testing.Bytes;
import dev.ttrpc.testing.EchoServer;
import dev.ttrpc.testing.EchoService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BackpressureTest {
  private static final MethodDescriptor<BytesValue, BytesValue> GATED =
      MethodDescriptor.of("test.Gate", "Echo", MethodType.UNARY, BytesValue.parser(), BytesValue.parser());

  @Test
  void aConnectionStopsBeingReadWhileItsRequestBytesInFlightAreOverBudget() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger started = new AtomicInteger();
    ServiceDefinition gate = ServiceDefinition.builder("test.Gate").unary(GATED, (req, ctx) -> {
      started.incrementAndGet();
      release.await();
      return req;
    }).build();
    // A budget of 16 KiB with 4 KiB requests: the server takes a handful, then leaves the rest in the socket.
    try (EchoServer server = new EchoServer(b -> b.maxBytesInFlightPerConnection(16 << 10), gate);
        TtrpcClient client = server.connect()) {
      List<CompletableFuture<BytesValue>> calls = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        calls.add(client.callAsync(GATED, Bytes.ofSize(4 << 10)));
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> started.get() >= 4);
      // Give the client every chance to have written all 40 requests before looking.
      await().atMost(Duration.ofSeconds(30)).until(() -> client.callsInFlight() == 40);
      // While the handlers hold their requests, the server reads no further: past the budget it only finishes the
      // one 64 KiB read it already made ((16 + 64) KiB / 4 KiB, plus the frame that crossed the line), and the
      // rest of the 40 calls wait in the socket.
      long bound = ((16 << 10) + dev.ttrpc.transport.Connection.BUFFER_SIZE) / (4 << 10) + 1;
      await().atMost(Duration.ofSeconds(30)).until(() -> started.get() == server.server().callsInFlight());
      assertThat(server.server().callsInFlight()).isLessThanOrEqualTo((int) bound).isLessThan(40);
      release.countDown();
      for (CompletableFuture<BytesValue> call : calls) {
        assertThat(call.get(30, TimeUnit.SECONDS)).isEqualTo(Bytes.ofSize(4 << 10));
      }
      assertThat(started.get()).isEqualTo(40);
    }
  }

  @Test
  void directExecutorRunsUnaryHandlersOnTheConnectionsThread() {
    List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
    MethodDescriptor<BytesValue, BytesValue> where =
        MethodDescriptor.of("test.Where", "Echo", MethodType.UNARY, BytesValue.parser(), BytesValue.parser());
    ServiceDefinition service = ServiceDefinition.builder("test.Where").unary(where, (req, ctx) -> {
      threads.add(Thread.currentThread().getName());
      return req;
    }).build();
    try (EchoServer server = new EchoServer(b -> b.directExecutor(true), EchoService.definition(), service);
        TtrpcClient client = server.connect()) {
      for (int i = 0; i < 10; i++) {
        assertThat(client.call(where, Bytes.value("n" + i))).isEqualTo(Bytes.value("n" + i));
      }
      // Streams still run on the executor, so a blocking receive() cannot stall the connection.
      var chat = client.openStream(EchoService.CHAT, dev.ttrpc.client.CallOptions.DEFAULT);
      chat.send(Bytes.value("s"));
      assertThat(chat.receive()).isEqualTo(Bytes.value("s"));
      chat.closeSend();
      assertThat(chat.receive()).isNull();
    }
    assertThat(threads).hasSize(10).allSatisfy(name -> assertThat(name).contains("-conn-"));
  }
}
