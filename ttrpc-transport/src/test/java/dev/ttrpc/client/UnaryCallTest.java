package dev.ttrpc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.BytesValue;
import com.google.protobuf.Empty;
import com.google.protobuf.Int64Value;
import com.google.protobuf.StringValue;
import dev.ttrpc.Code;
import dev.ttrpc.Metadata;
import dev.ttrpc.MethodDescriptor;
import dev.ttrpc.MethodType;
import dev.ttrpc.TtrpcException;
import dev.ttrpc.testing.Bytes;
import dev.ttrpc.testing.EchoServer;
import dev.ttrpc.testing.EchoService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UnaryCallTest {
  private EchoServer server;
  private TtrpcClient client;

  @BeforeEach
  void start() {
    server = new EchoServer();
    client = server.connect();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void echoesBlockingAndAsync() throws Exception {
    assertThat(client.call(EchoService.ECHO, Bytes.value("hello")).getValue().toStringUtf8()).isEqualTo("hello");
    assertThat(client.callAsync(EchoService.ECHO, Bytes.value("async")).get(5, TimeUnit.SECONDS).getValue()
        .toStringUtf8()).isEqualTo("async");
  }

  @Test
  void echoesEmptyAndLargeMessages() {
    assertThat(client.call(EchoService.ECHO, BytesValue.getDefaultInstance())).isEqualTo(
        BytesValue.getDefaultInstance());
    BytesValue big = Bytes.ofSize(3 << 20);
    assertThat(client.call(EchoService.ECHO, big)).isEqualTo(big);
  }

  @Test
  void sendsMultiValuedLowerCasedMetadata() {
    Metadata md = Metadata.of("X-Trace", "a", "x-trace", "b", "containerd-namespace-ttrpc", "k8s.io");
    String seen = client.call(EchoService.METADATA, Empty.getDefaultInstance(), CallOptions.DEFAULT.withMetadata(md))
        .getValue();
    assertThat(seen).isEqualTo("x-trace=a\nx-trace=b\ncontainerd-namespace-ttrpc=k8s.io\n");
  }

  @Test
  void defaultMetadataComesBeforeTheCallsOwn() {
    try (TtrpcClient c = TtrpcClient.builder(server.address())
        .defaultMetadata(Metadata.of("containerd-namespace-ttrpc", "default")).build()) {
      String seen = c.call(EchoService.METADATA, Empty.getDefaultInstance(),
          CallOptions.DEFAULT.withHeader("extra", "1")).getValue();
      assertThat(seen).isEqualTo("containerd-namespace-ttrpc=default\nextra=1\n");
    }
  }

  @Test
  void serverSeesTheCallersDeadline() {
    long remaining = client.call(EchoService.DEADLINE, Empty.getDefaultInstance(),
        CallOptions.timeout(Duration.ofSeconds(10))).getValue();
    assertThat(remaining).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(10).toNanos());
    assertThat(client.call(EchoService.DEADLINE, Empty.getDefaultInstance()).getValue()).isEqualTo(-1);
  }

  @Test
  void deadlineFailsTheCallAndCancelsTheHandler() {
    assertThatThrownBy(() -> client.call(EchoService.SLEEP, Int64Value.of(60_000),
        CallOptions.timeout(Duration.ofMillis(100))))
        .isInstanceOfSatisfying(TtrpcException.class, e -> assertThat(e.code()).isEqualTo(Code.DEADLINE_EXCEEDED));
    // The server cancelled its handler too: nothing stays in flight.
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
        .until(() -> server.server().callsInFlight() == 0);
  }

  @Test
  void expiredDeadlineFailsWithoutSending() {
    CallOptions past = CallOptions.DEFAULT.withDeadline(System.nanoTime() - 1);
    assertThatThrownBy(() -> client.call(EchoService.ECHO, Bytes.value("x"), past))
        .isInstanceOfSatisfying(TtrpcException.class, e -> assertThat(e.code()).isEqualTo(Code.DEADLINE_EXCEEDED));
  }

  @Test
  void handlerStatusPassesThrough() {
    assertThatThrownBy(() -> client.call(EchoService.FAIL, StringValue.of("5 container not created: not found")))
        .isInstanceOfSatisfying(TtrpcException.class, e -> {
          assertThat(e.code()).isEqualTo(Code.NOT_FOUND);
          assertThat(e.status().message()).isEqualTo("container not created: not found");
        });
  }

  @Test
  void otherHandlerExceptionsBecomeUnknownWithTheirMessage() {
    assertThatThrownBy(() -> client.call(EchoService.FAIL, StringValue.of("not-a-number")))
        .isInstanceOfSatisfying(TtrpcException.class, e -> {
          assertThat(e.code()).isEqualTo(Code.UNKNOWN);
          assertThat(e.status().message()).contains("not-a-number");
        });
    assertThat(client.call(EchoService.ECHO, Bytes.value("still fine")).getValue().toStringUtf8())
        .isEqualTo("still fine");
  }

  @Test
  void unknownServiceAndMethodAreUnimplementedWithGosMessages() {
    MethodDescriptor<BytesValue, BytesValue> noService = MethodDescriptor.of("no.such.Service", "State",
        MethodType.UNARY, BytesValue.parser(), BytesValue.parser());
    MethodDescriptor<BytesValue, BytesValue> noMethod = MethodDescriptor.of(EchoService.NAME, "NoSuchMethod",
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

  @Test
  void oversizedRequestFailsLocallyAndTheConnectionLivesOn() {
    assertThatThrownBy(() -> client.call(EchoService.ECHO, Bytes.ofSize(5 << 20)))
        .isInstanceOfSatisfying(TtrpcException.class, e -> {
          assertThat(e.code()).isEqualTo(Code.RESOURCE_EXHAUSTED);
          assertThat(e.status().message()).contains("exceed maximum message size of 4194304");
        });
    assertThat(client.call(EchoService.ECHO, Bytes.value("ok")).getValue().toStringUtf8()).isEqualTo("ok");
  }

  @Test
  void oversizedRequestIsRefusedByTheServerWhenTheClientAllowsIt() {
    try (TtrpcClient big = TtrpcClient.builder(server.address()).maxMessageSize(8 << 20).build()) {
      assertThatThrownBy(() -> big.call(EchoService.ECHO, Bytes.ofSize(5 << 20)))
          .isInstanceOfSatisfying(TtrpcException.class,
              e -> assertThat(e.code()).isEqualTo(Code.RESOURCE_EXHAUSTED));
      assertThat(big.call(EchoService.ECHO, Bytes.value("ok")).getValue().toStringUtf8()).isEqualTo("ok");
    }
  }

  @Test
  void twoHundredConcurrentCallsShareOneConnection() throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<BytesValue>> calls = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      CompletableFuture<BytesValue> f = new CompletableFuture<>();
      calls.add(f);
      String payload = "call-" + i;
      Thread t = new Thread(() -> {
        try {
          go.await();
          f.complete(client.call(EchoService.ECHO, Bytes.value(payload)));
        } catch (Throwable e) {
          f.completeExceptionally(e);
        }
      });
      t.start();
      threads.add(t);
    }
    go.countDown();
    for (int i = 0; i < 200; i++) {
      assertThat(calls.get(i).get(30, TimeUnit.SECONDS).getValue().toStringUtf8()).isEqualTo("call-" + i);
    }
    assertThat(server.server().connectionCount()).isEqualTo(1);
  }

  @Test
  void cancellingAFutureAbandonsTheCall() {
    CompletableFuture<Empty> f = client.callAsync(EchoService.SLEEP, Int64Value.of(60_000));
    assertThat(f.cancel(true)).isTrue();
    assertThatThrownBy(f::join).hasCauseInstanceOf(TtrpcException.class).hasMessageContaining("CANCELLED");
    assertThat(client.callsInFlight()).isZero();
    assertThat(client.call(EchoService.ECHO, Bytes.value("next")).getValue().toStringUtf8()).isEqualTo("next");
  }

  @Test
  void interceptorsChainInOrder() {
    List<String> seen = new ArrayList<>();
    ClientInterceptor first = new ClientInterceptor() {
      @Override
      public <Q extends com.google.protobuf.MessageLite, R extends com.google.protobuf.MessageLite>
          CompletableFuture<R> interceptUnary(MethodDescriptor<Q, R> method, Q request, CallOptions options,
              UnaryInvoker next) {
        seen.add("first " + method.method());
        return next.invoke(method, request, options.withHeader("added-by", "first"));
      }
    };
    ClientInterceptor second = new ClientInterceptor() {
      @Override
      public <Q extends com.google.protobuf.MessageLite, R extends com.google.protobuf.MessageLite>
          CompletableFuture<R> interceptUnary(MethodDescriptor<Q, R> method, Q request, CallOptions options,
              UnaryInvoker next) {
        seen.add("second " + options.metadata().get("added-by"));
        return next.invoke(method, request, options);
      }
    };
    try (TtrpcClient c = TtrpcClient.builder(server.address()).intercept(first).intercept(second).build()) {
      String md = c.call(EchoService.METADATA, Empty.getDefaultInstance()).getValue();
      assertThat(md).isEqualTo("added-by=first\n");
    }
    assertThat(seen).containsExactly("first Metadata", "second first");
  }
}
