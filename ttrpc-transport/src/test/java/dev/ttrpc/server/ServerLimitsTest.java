package dev.ttrpc.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Empty;
import com.google.protobuf.Int64Value;
import dev.ttrpc.Code;
import dev.ttrpc.TtrpcException;
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
import dev.ttrpc.MethodDescriptor;
import dev.ttrpc.MethodType;
import org.junit.jupiter.api.Test;

class ServerLimitsTest {
  @Test
  void callsPastThePerConnectionBoundGetResourceExhausted() {
    try (EchoServer server = new EchoServer(b -> b.maxCallsPerConnection(4));
        TtrpcClient client = server.connect()) {
      List<CompletableFuture<Empty>> sleepers = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        sleepers.add(client.callAsync(EchoService.SLEEP, Int64Value.of(60_000)));
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> server.server().callsInFlight() == 4);
      assertThatThrownBy(() -> client.call(EchoService.ECHO, Bytes.value("one too many")))
          .isInstanceOfSatisfying(TtrpcException.class, e -> {
            assertThat(e.code()).isEqualTo(Code.RESOURCE_EXHAUSTED);
            assertThat(e.status().message()).contains("limit 4");
          });
      sleepers.forEach(f -> f.cancel(true));
    }
  }

  @Test
  void connectionsPastTheServerBoundGetResourceExhausted() {
    try (EchoServer server = new EchoServer(b -> b.maxConnections(2));
        TtrpcClient a = server.connect();
        TtrpcClient b = server.connect();
        TtrpcClient c = server.connect()) {
      assertThat(a.call(EchoService.ECHO, Bytes.value("a")).getValue().toStringUtf8()).isEqualTo("a");
      assertThat(b.call(EchoService.ECHO, Bytes.value("b")).getValue().toStringUtf8()).isEqualTo("b");
      assertThatThrownBy(() -> c.call(EchoService.ECHO, Bytes.value("c")))
          .isInstanceOfSatisfying(TtrpcException.class, e -> {
            assertThat(e.code()).isEqualTo(Code.RESOURCE_EXHAUSTED);
            assertThat(e.status().message()).contains("too many connections (limit 2)");
          });
      a.close();
      await().atMost(Duration.ofSeconds(30)).until(() -> server.server().connectionCount() == 1);
      try (TtrpcClient d = server.connect()) {
        assertThat(d.call(EchoService.ECHO, Bytes.value("d")).getValue().toStringUtf8()).isEqualTo("d");
      }
    }
  }

  @Test
  void gracefulShutdownLetsCallsInFlightFinish() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    MethodDescriptor<Empty, Empty> gate = MethodDescriptor.of("test.Gate", "Wait", MethodType.UNARY, Empty.parser(),
        Empty.parser());
    ServiceDefinition gated = ServiceDefinition.builder("test.Gate").unary(gate, (req, ctx) -> {
      release.await();
      return req;
    }).build();
    EchoServer server = new EchoServer(b -> b, EchoService.definition(), gated);
    try (TtrpcClient client = server.connect()) {
      List<CompletableFuture<Empty>> calls = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        calls.add(client.callAsync(gate, Empty.getDefaultInstance()));
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> server.server().callsInFlight() == 20);
      CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(
          () -> server.server().shutdown(Duration.ofSeconds(60)));
      // Draining: the listener is gone, so no new connection gets in; calls in flight are still pending.
      await().atMost(Duration.ofSeconds(30)).until(() -> !java.nio.file.Files.exists(
          java.nio.file.Path.of(server.address().substring("unix://".length()))));
      assertThat(calls).noneMatch(CompletableFuture::isDone);
      release.countDown();
      assertThat(drained.get(60, TimeUnit.SECONDS)).isTrue();
      for (CompletableFuture<Empty> call : calls) {
        assertThat(call.join()).isEqualTo(Empty.getDefaultInstance());
      }
      assertThat(server.server().isTerminated()).isTrue();
      assertThatThrownBy(() -> client.call(EchoService.ECHO, Bytes.value("after")))
          .isInstanceOfSatisfying(TtrpcException.class, e -> assertThat(e.code()).isEqualTo(Code.UNAVAILABLE));
    } finally {
      release.countDown();
      server.close();
    }
  }

  @Test
  void gracefulShutdownGivesUpAfterTheGracePeriod() {
    EchoServer server = new EchoServer();
    try (TtrpcClient client = server.connect()) {
      CompletableFuture<Empty> stuck = client.callAsync(EchoService.SLEEP, Int64Value.of(600_000));
      await().atMost(Duration.ofSeconds(30)).until(() -> server.server().callsInFlight() == 1);
      assertThat(server.server().shutdown(Duration.ofMillis(100))).isFalse();
      assertThatThrownBy(stuck::join).cause().isInstanceOfSatisfying(TtrpcException.class,
          e -> assertThat(e.code()).isEqualTo(Code.UNAVAILABLE));
    } finally {
      server.close();
    }
  }

  @Test
  void interceptorsWrapHandlersInOrder() {
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    ServerInterceptor outer = new ServerInterceptor() {
      @Override
      public <Q extends com.google.protobuf.MessageLite, R extends com.google.protobuf.MessageLite> R interceptUnary(
          dev.ttrpc.MethodDescriptor<Q, R> method, Q request, ServerContext context, UnaryHandler<Q, R> next)
          throws Exception {
        seen.add("outer " + method.method());
        return next.handle(request, context);
      }
    };
    ServerInterceptor deny = new ServerInterceptor() {
      @Override
      public <Q extends com.google.protobuf.MessageLite, R extends com.google.protobuf.MessageLite> R interceptUnary(
          dev.ttrpc.MethodDescriptor<Q, R> method, Q request, ServerContext context, UnaryHandler<Q, R> next)
          throws Exception {
        seen.add("deny");
        if (context.metadata().get("token") == null) {
          throw TtrpcException.of(Code.PERMISSION_DENIED, "no token");
        }
        return next.handle(request, context);
      }
    };
    try (EchoServer server = new EchoServer(b -> b.intercept(outer).intercept(deny));
        TtrpcClient client = server.connect()) {
      assertThatThrownBy(() -> client.call(EchoService.ECHO, Bytes.value("x")))
          .isInstanceOfSatisfying(TtrpcException.class, e -> assertThat(e.code()).isEqualTo(Code.PERMISSION_DENIED));
      assertThat(seen).containsExactly("outer Echo", "deny");
    }
  }
}
