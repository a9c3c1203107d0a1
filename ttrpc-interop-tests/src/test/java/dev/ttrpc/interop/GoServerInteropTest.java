package dev.ttrpc.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import com.google.protobuf.Empty;
import com.google.protobuf.Int64Value;
import com.google.protobuf.StringValue;
import dev.ttrpc.Code;
import dev.ttrpc.Metadata;
import dev.ttrpc.MethodDescriptor;
import dev.ttrpc.MethodType;
import dev.ttrpc.TtrpcException;
import dev.ttrpc.client.CallOptions;
import dev.ttrpc.client.ConnectivityState;
import dev.ttrpc.client.TtrpcClient;
import dev.ttrpc.testing.Bytes;
import dev.ttrpc.testing.EchoService;
import dev.ttrpc.testing.TestSockets;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A Java {@link TtrpcClient} against the Go ttrpc 1.1.1 server ({@code ttrpc-go-peer server}); needs Go. */
class GoServerInteropTest {
  private static final int LIMIT = 4 << 20;

  private TestSockets sockets;
  private GoPeers.GoServer go;
  private TtrpcClient client;

  @BeforeAll
  static void buildGoPeers() {
    GoPeers.peer(); // fails, naming the apt packages, when Go or the Go ttrpc sources are missing
  }

  @BeforeEach
  void start() {
    sockets = new TestSockets();
    try {
      go = GoPeers.startServer(sockets.path("go.sock"));
      client = TtrpcClient.connect(go.address());
    } catch (RuntimeException | AssertionError e) {
      stop();
      throw e;
    }
  }

  @AfterEach
  void stop() {
    try {
      if (client != null) {
        client.close();
      }
    } finally {
      try {
        if (go != null) {
          go.close();
        }
      } finally {
        sockets.close();
      }
    }
  }

  // ---- Echo

  @Test
  void echoesEmptySmallAndOneMebibyte() {
    assertThat(client.call(InteropService.ECHO, BytesValue.getDefaultInstance()))
        .isEqualTo(BytesValue.getDefaultInstance());
    assertThat(client.call(InteropService.ECHO, Bytes.value("hello, go")).getValue().toStringUtf8())
        .isEqualTo("hello, go");
    BytesValue mib = Bytes.ofSize(1 << 20);
    assertThat(client.call(InteropService.ECHO, mib)).isEqualTo(mib);
    // The benchmark service, registered by the same Go server.
    assertThat(client.call(EchoService.ECHO, Bytes.value("bench"))).isEqualTo(Bytes.value("bench"));
  }

  // ---- metadata

  @Test
  void multiValuedMetadataArrivesLowerCasedAndInOrder() {
    Metadata md = Metadata.of("X-Trace", "a", "x-trace", "b", "Containerd-Namespace-Ttrpc", "k8s.io",
        "x-trace", "<c&d>");
    String json = client.call(InteropService.METADATA, Empty.getDefaultInstance(),
        CallOptions.DEFAULT.withMetadata(md)).getValue();
    assertThat(Json.object(json)).isEqualTo(Map.of(
        "x-trace", List.of("a", "b", "<c&d>"),
        "containerd-namespace-ttrpc", List.of("k8s.io")));
  }

  @Test
  void noMetadataIsAnEmptyMap() {
    assertThat(client.call(InteropService.METADATA, Empty.getDefaultInstance()).getValue()).isEqualTo("{}");
  }

  // ---- deadlines

  @Test
  void callerGetsDeadlineExceededWhenTheGoHandlerOverruns() {
    assertThatThrownBy(() -> client.call(InteropService.SLEEP, Int64Value.of(60_000),
        CallOptions.timeout(Duration.ofMillis(300))))
        .isInstanceOfSatisfying(TtrpcException.class,
            e -> assertThat(e.code()).isEqualTo(Code.DEADLINE_EXCEEDED));
    // The connection is fine afterwards.
    assertThat(client.call(InteropService.ECHO, Bytes.value("after"))).isEqualTo(Bytes.value("after"));
  }

  @Test
  void goServerSeesTheDeadlineTheJavaClientSent() {
    Duration timeout = Duration.ofSeconds(5);
    long remaining = client.call(InteropService.DEADLINE, Empty.getDefaultInstance(), CallOptions.timeout(timeout))
        .getValue();
    assertThat(remaining).isPositive().isLessThanOrEqualTo(timeout.toNanos());
    assertThat(client.call(InteropService.DEADLINE, Empty.getDefaultInstance()).getValue()).isEqualTo(-1);
  }

  // ---- statuses

  @ParameterizedTest
  @ValueSource(strings = {
      "1 stopped by the caller",
      "2 something odd",
      "3 bad argument: \"quoted\" and ünïcödé ✓",
      "5 container abc: not found",
      "6 task def: already exists",
      "9 failed precondition\nsecond line",
      "13 internal trouble",
      "14 try again later",
      "16 ",
  })
  void goStatusesArriveIntact(String spec) {
    int sp = spec.indexOf(' ');
    Code code = Code.forNumber(Integer.parseInt(spec.substring(0, sp)));
    String message = spec.substring(sp + 1);
    assertThatThrownBy(() -> client.call(InteropService.FAIL, StringValue.of(spec)))
        .isInstanceOfSatisfying(TtrpcException.class, e -> {
          assertThat(e.code()).isEqualTo(code);
          assertThat(e.status().message()).isEqualTo(message);
        });
  }

  @Test
  void codeZeroSucceeds() {
    assertThat(client.call(InteropService.FAIL, StringValue.of("0 fine"))).isEqualTo(Empty.getDefaultInstance());
  }

  @Test
  void unknownServiceAndMethodAreUnimplemented() {
    MethodDescriptor<BytesValue, BytesValue> noService = MethodDescriptor.of("no.such.Service", "Echo",
        MethodType.UNARY, BytesValue.parser(), BytesValue.parser());
    MethodDescriptor<BytesValue, BytesValue> noMethod = MethodDescriptor.of(InteropService.NAME, "NoSuchMethod",
        MethodType.UNARY, BytesValue.parser(), BytesValue.parser());
    assertThatThrownBy(() -> client.call(noService, Bytes.value("x")))
        .isInstanceOfSatisfying(TtrpcException.class, e -> {
          assertThat(e.code()).isEqualTo(Code.UNIMPLEMENTED);
          assertThat(e.status().message()).isEqualTo("service no.such.Service");
        });
    assertThatThrownBy(() -> client.call(noMethod, Bytes.value("x")))
        .isInstanceOfSatisfying(TtrpcException.class, e -> {
          assertThat(e.code()).isEqualTo(Code.UNIMPLEMENTED);
          assertThat(e.status().message()).isEqualTo("method NoSuchMethod");
        });
  }

  // ---- message size

  @Test
  void goServerRefusesAnOversizedRequestAndKeepsTheConnection() {
    try (TtrpcClient big = TtrpcClient.builder(go.address()).maxMessageSize(8 << 20).build()) {
      big.connectNow();
      BytesValue fiveMib = Bytes.ofSize(5 << 20);
      assertThatThrownBy(() -> big.call(InteropService.ECHO, fiveMib))
          .isInstanceOfSatisfying(TtrpcException.class, e -> {
            assertThat(e.code()).isEqualTo(Code.RESOURCE_EXHAUSTED);
            assertThat(e.status().message()).matches("message length \\d+ exceed maximum message size of 4194304");
          });
      assertThat(big.call(InteropService.ECHO, Bytes.value("still here"))).isEqualTo(Bytes.value("still here"));
      assertThat(big.reconnects()).isZero();
      assertThat(big.state()).isEqualTo(ConnectivityState.READY);
    }
  }

  @Test
  void anOversizedGoResponseFailsTheCallAndKeepsTheConnection() {
    client.connectNow();
    assertThatThrownBy(() -> client.call(InteropService.BIG, Int64Value.of(5 << 20)))
        .isInstanceOfSatisfying(TtrpcException.class,
            e -> assertThat(e.code()).isEqualTo(Code.RESOURCE_EXHAUSTED));
    BytesValue mib = client.call(InteropService.BIG, Int64Value.of(1 << 20));
    assertThat(mib).isEqualTo(Bytes.ofSize(1 << 20));
    assertThat(client.reconnects()).isZero();
    assertThat(client.state()).isEqualTo(ConnectivityState.READY);
  }

  @Test
  void responseSizeLimitIsTheFramePayloadLikeGo() {
    // Response{payload=BytesValue{value=n bytes}} is n + 10 bytes for these n: 4 MiB exactly passes, one more fails.
    int largest = LIMIT - 10;
    assertThat(client.call(InteropService.BIG, Int64Value.of(largest)).getValue().size()).isEqualTo(largest);
    assertThatThrownBy(() -> client.call(InteropService.BIG, Int64Value.of(largest + 1)))
        .isInstanceOfSatisfying(TtrpcException.class,
            e -> assertThat(e.code()).isEqualTo(Code.RESOURCE_EXHAUSTED));
    assertThat(client.call(InteropService.ECHO, Bytes.value("ok"))).isEqualTo(Bytes.value("ok"));
  }

  // ---- concurrency

  @Test
  void twoHundredConcurrentCallsOnOneConnection() throws Exception {
    int n = 200;
    CountDownLatch start = new CountDownLatch(1);
    List<CompletableFuture<BytesValue>> calls = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        CompletableFuture<BytesValue> f = new CompletableFuture<>();
        calls.add(f);
        BytesValue req = payload(i);
        Thread t = new Thread(() -> {
          try {
            start.await();
            f.complete(client.call(InteropService.ECHO, req));
          } catch (Throwable e) {
            f.completeExceptionally(e);
          }
        }, "interop-caller-" + i);
        t.start();
        threads.add(t);
      }
      start.countDown();
      for (int i = 0; i < n; i++) {
        assertThat(calls.get(i).get(60, TimeUnit.SECONDS)).as("call %d", i).isEqualTo(payload(i));
      }
    } finally {
      start.countDown();
      for (Thread t : threads) {
        t.join(TimeUnit.SECONDS.toMillis(30));
      }
    }
    assertThat(client.reconnects()).isZero();
    assertThat(go.connections()).as("connections the Go server holds").isEqualTo(1);
  }

  private static BytesValue payload(int i) {
    ByteBuffer b = ByteBuffer.allocate(64).putInt(i);
    while (b.hasRemaining()) {
      b.put((byte) (i + b.position()));
    }
    return BytesValue.of(ByteString.copyFrom(b.array()));
  }

  // ---- peer crash

  @Test
  void callsInFlightFailUnavailableWhenTheGoServerIsKilled() {
    List<CompletableFuture<Empty>> sleeps = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      sleeps.add(client.callAsync(InteropService.SLEEP, Int64Value.of(600_000)));
    }
    // Requests go out in order on the one connection: once this answer is back, the Go server has read the sleeps.
    assertThat(client.call(InteropService.ECHO, Bytes.value("ping"))).isEqualTo(Bytes.value("ping"));
    assertThat(sleeps).noneMatch(CompletableFuture::isDone);
    assertThat(client.callsInFlight()).isEqualTo(5);

    go.kill();

    for (CompletableFuture<Empty> f : sleeps) {
      assertThat(failure(f).code()).isEqualTo(Code.UNAVAILABLE);
    }
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> client.callsInFlight() == 0);
  }

  private static TtrpcException failure(Future<?> f) {
    try {
      Object v = f.get(30, TimeUnit.SECONDS);
      return fail("expected the call to fail, it answered " + v);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(TtrpcException.class);
      return (TtrpcException) e.getCause();
    } catch (TimeoutException e) {
      return fail("the call neither answered nor failed in 30 s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("interrupted");
    }
  }
}
