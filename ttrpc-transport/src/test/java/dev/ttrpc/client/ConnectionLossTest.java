package dev.ttrpc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Empty;
import com.google.protobuf.Int64Value;
import dev.ttrpc.Code;
import dev.ttrpc.TtrpcException;
import dev.ttrpc.server.TtrpcServer;
import dev.ttrpc.testing.Bytes;
import dev.ttrpc.testing.EchoService;
import dev.ttrpc.testing.TestSockets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ConnectionLossTest {
  private static final Backoff FAST = new Backoff(Duration.ofMillis(20), Duration.ofMillis(200), 2, 0.2);

  @Test
  void everyCallInFlightFailsUnavailableWhenTheServerGoesAway() throws Exception {
    try (TestSockets sockets = new TestSockets()) {
      TtrpcServer server = start(sockets);
      try (TtrpcClient client = TtrpcClient.builder(sockets.address("s.sock")).reconnect(false, Backoff.DEFAULT)
          .connect()) {
        List<CompletableFuture<Empty>> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
          calls.add(client.callAsync(EchoService.SLEEP, Int64Value.of(60_000)));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> server.callsInFlight() == 50);
        server.close();
        for (CompletableFuture<Empty> call : calls) {
          assertThatThrownBy(call::join).cause().isInstanceOfSatisfying(TtrpcException.class,
              e -> assertThat(e.code()).isEqualTo(Code.UNAVAILABLE));
        }
        assertThat(client.callsInFlight()).isZero();
      }
    }
  }

  @Test
  void reconnectsWithBackoffWhenThePeerComesBack() throws Exception {
    try (TestSockets sockets = new TestSockets()) {
      TtrpcServer server = start(sockets);
      List<ConnectivityState> states = new CopyOnWriteArrayList<>();
      try (TtrpcClient client = TtrpcClient.builder(sockets.address("s.sock")).reconnect(true, FAST)
          .stateListener((c, from, to, cause) -> states.add(to)).connect()) {
        assertThat(client.state()).isEqualTo(ConnectivityState.READY);
        server.close();
        await().atMost(Duration.ofSeconds(30)).until(() -> client.state() == ConnectivityState.FAILED);
        assertThatThrownBy(() -> client.call(EchoService.ECHO, Bytes.value("x")))
            .isInstanceOfSatisfying(TtrpcException.class, e -> assertThat(e.code()).isEqualTo(Code.UNAVAILABLE));

        server = start(sockets);
        await().atMost(Duration.ofSeconds(30)).until(() -> client.state() == ConnectivityState.READY);
        assertThat(client.call(EchoService.ECHO, Bytes.value("back")).getValue().toStringUtf8()).isEqualTo("back");
        assertThat(client.reconnects()).isEqualTo(1);
        assertThat(states).containsSubsequence(ConnectivityState.READY, ConnectivityState.FAILED,
            ConnectivityState.CONNECTING, ConnectivityState.READY);
      } finally {
        server.close();
      }
    }
  }

  @Test
  void aClientWithoutReconnectDialsAgainOnTheNextCall() throws Exception {
    try (TestSockets sockets = new TestSockets()) {
      TtrpcServer server = start(sockets);
      try (TtrpcClient client = TtrpcClient.builder(sockets.address("s.sock")).reconnect(false, Backoff.DEFAULT)
          .connect()) {
        server.close();
        await().atMost(Duration.ofSeconds(30)).until(() -> client.state() == ConnectivityState.FAILED);
        server = start(sockets);
        assertThat(client.call(EchoService.ECHO, Bytes.value("again")).getValue().toStringUtf8()).isEqualTo("again");
      } finally {
        server.close();
      }
    }
  }

  @Test
  void dialFailureNamesTheAddress() {
    try (TestSockets sockets = new TestSockets()) {
      assertThatThrownBy(() -> TtrpcClient.connect(sockets.address("nobody.sock")))
          .isInstanceOfSatisfying(TtrpcException.class, e -> {
            assertThat(e.code()).isEqualTo(Code.UNAVAILABLE);
            assertThat(e.getMessage()).contains("nobody.sock");
          });
    }
  }

  @Test
  void closedClientRefusesCalls() throws Exception {
    try (TestSockets sockets = new TestSockets(); TtrpcServer server = start(sockets)) {
      TtrpcClient client = TtrpcClient.connect(sockets.address("s.sock"));
      client.close();
      assertThat(client.state()).isEqualTo(ConnectivityState.CLOSED);
      assertThatThrownBy(() -> client.call(EchoService.ECHO, Bytes.value("x")))
          .isInstanceOfSatisfying(TtrpcException.class, e -> assertThat(e.code()).isEqualTo(Code.UNAVAILABLE));
    }
  }

  @Test
  void rollsOverToAFreshConnectionBeforeStreamIdsRunOut() throws Exception {
    try (TestSockets sockets = new TestSockets(); TtrpcServer server = start(sockets);
        TtrpcClient client = TtrpcClient.builder(sockets.address("s.sock")).maxCallsPerConnection(3).build()) {
      for (int i = 0; i < 10; i++) {
        assertThat(client.call(EchoService.ECHO, Bytes.value("n" + i)).getValue().toStringUtf8()).isEqualTo("n" + i);
      }
      // Old connections close once their calls are done; at most the current one stays.
      await().atMost(Duration.ofSeconds(30)).until(() -> server.connectionCount() == 1);
    }
  }

  private static TtrpcServer start(TestSockets sockets) throws Exception {
    return TtrpcServer.builder(sockets.address("s.sock")).service(EchoService.definition()).build().start();
  }
}
