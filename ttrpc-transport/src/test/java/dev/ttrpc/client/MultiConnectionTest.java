package dev.ttrpc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Empty;
import com.google.protobuf.Int64Value;
import dev.ttrpc.Code;
import dev.ttrpc.TtrpcException;
import dev.ttrpc.testing.Bytes;
import dev.ttrpc.testing.EchoServer;
import dev.ttrpc.testing.EchoService;
import dev.ttrpc.testing.Poll;
import dev.ttrpc.testing.RecordingConnector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A client with several connections to one peer ({@link TtrpcClientBuilder#connections(int)}). */
class MultiConnectionTest {
  private static final Backoff FAST = new Backoff(Duration.ofMillis(20), Duration.ofMillis(200), 2, 0.2);
  /** So slow that no re-dial happens while a test runs. */
  private static final Backoff NEVER_SOON = new Backoff(Duration.ofMinutes(10), Duration.ofMinutes(10), 1, 0);

  private final EchoServer server = new EchoServer();
  private final RecordingConnector connector = new RecordingConnector();
  private final List<ConnectivityState> states = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void connectOpensEveryConnection() {
    try (TtrpcClient client = builder(3).connect()) {
      assertThat(connector.count()).isEqualTo(3);
      Poll.until("the server accepted 3 connections", () -> server.server().connectionCount() == 3);
      assertThat(client.state()).isEqualTo(ConnectivityState.READY);
      assertThat(states).containsExactly(ConnectivityState.CONNECTING, ConnectivityState.READY);
    }
  }

  @Test
  void aLazyClientDialsTheOtherConnectionsOnceTheFirstCallIsOut() {
    try (TtrpcClient client = builder(3).build()) {
      assertThat(client.call(EchoService.ECHO, Bytes.value("first")).getValue().toStringUtf8()).isEqualTo("first");
      Poll.until("the server accepted 3 connections", () -> server.server().connectionCount() == 3);
      assertThat(connector.count()).isEqualTo(3);
    }
  }

  @Test
  void callsGoRoundRobinAndLosingOneConnectionFailsOnlyItsCallsWhileItRedials() throws Exception {
    try (TtrpcClient client = builder(3).reconnect(true, FAST).connect()) {
      List<CompletableFuture<Empty>> calls = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        calls.add(client.callAsync(EchoService.SLEEP, Int64Value.of(60_000)));
      }
      Poll.until("30 calls reached the server", () -> server.server().callsInFlight() == 30);
      assertThat(client.callsInFlight()).isEqualTo(30);

      connector.breakSocket(1);

      Poll.until("the calls of the broken connection failed",
          () -> calls.stream().filter(CompletableFuture::isDone).count() == 10);
      for (int i = 0; i < 30; i++) {
        CompletableFuture<Empty> call = calls.get(i);
        if (i % 3 == 1) {
          assertThatThrownBy(call::join).cause().isInstanceOfSatisfying(TtrpcException.class,
              e -> assertThat(e.code()).isEqualTo(Code.UNAVAILABLE));
        } else {
          assertThat(call).as("call %d, on a connection that lives on", i).isNotDone();
        }
      }
      for (int i = 0; i < 6; i++) {
        assertThat(client.call(EchoService.ECHO, Bytes.value("on " + i)).getValue().toStringUtf8())
            .isEqualTo("on " + i);
      }
      Poll.until("the lost connection re-dialled", () -> client.reconnects() == 1);
      assertThat(connector.count()).isEqualTo(4);
      Poll.until("the server sees 3 connections again", () -> server.server().connectionCount() == 3);
      assertThat(client.state()).isEqualTo(ConnectivityState.READY);
      assertThat(states).as("one lost connection of three does not change the client's state")
          .containsExactly(ConnectivityState.CONNECTING, ConnectivityState.READY);
      // A blocking call returns as its answer arrives, a moment before the I/O thread releases it.
      Poll.until("only the 20 sleeping calls are in flight", () -> client.callsInFlight() == 20);

      client.close();
      for (int i = 0; i < 30; i++) {
        assertThatThrownBy(calls.get(i)::join).cause().isInstanceOfSatisfying(TtrpcException.class,
            e -> assertThat(e.code()).isEqualTo(Code.UNAVAILABLE));
      }
    }
  }

  @Test
  void theClientFailsOnlyOnceEveryConnectionIsLost() throws Exception {
    try (TtrpcClient client = builder(2).reconnect(true, NEVER_SOON).connect()) {
      connector.breakSocket(0);
      Poll.until("the client noticed the first loss", () -> client.lastError() != null);
      assertThat(client.state()).isEqualTo(ConnectivityState.READY);
      assertThat(client.call(EchoService.ECHO, Bytes.value("still")).getValue().toStringUtf8()).isEqualTo("still");

      connector.breakSocket(1);
      Poll.until("the client failed", () -> client.state() == ConnectivityState.FAILED);
      assertThatThrownBy(() -> client.call(EchoService.ECHO, Bytes.value("x")))
          .isInstanceOfSatisfying(TtrpcException.class, e -> {
            assertThat(e.code()).isEqualTo(Code.UNAVAILABLE);
            assertThat(e.getMessage()).contains("reconnecting");
          });
      assertThat(states).containsExactly(ConnectivityState.CONNECTING, ConnectivityState.READY,
          ConnectivityState.FAILED);
    }
  }

  @Test
  void closeClosesEveryConnection() {
    TtrpcClient client = builder(3).connect();
    Poll.until("the server accepted 3 connections", () -> server.server().connectionCount() == 3);
    client.close();
    Poll.until("the server saw every connection close", () -> server.server().connectionCount() == 0);
    assertThat(client.state()).isEqualTo(ConnectivityState.CLOSED);
    assertThat(states).containsExactly(ConnectivityState.CONNECTING, ConnectivityState.READY,
        ConnectivityState.CLOSED);
    assertThatThrownBy(() -> client.call(EchoService.ECHO, Bytes.value("x")))
        .isInstanceOfSatisfying(TtrpcException.class, e -> assertThat(e.code()).isEqualTo(Code.UNAVAILABLE));
  }

  @Test
  void everyConnectionRollsOverToAFreshSocketBeforeStreamIdsRunOut() {
    try (TtrpcClient client = builder(2).maxCallsPerConnection(3).connect()) {
      for (int i = 0; i < 20; i++) {
        assertThat(client.call(EchoService.ECHO, Bytes.value("n" + i)).getValue().toStringUtf8()).isEqualTo("n" + i);
      }
      // 20 calls at 3 per socket need at least 7 sockets; spent ones close once their calls are done.
      assertThat(connector.count()).isGreaterThanOrEqualTo(7);
      Poll.until("at most the 2 current sockets stay open", () -> server.server().connectionCount() <= 2);
      assertThat(client.state()).isEqualTo(ConnectivityState.READY);
    }
  }

  @Test
  void connectionsMustBeAtLeastOne() {
    assertThatThrownBy(() -> TtrpcClient.builder(server.address()).connections(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("connections must be at least 1, got 0");
  }

  private TtrpcClientBuilder builder(int connections) {
    return TtrpcClient.builder(server.address()).connector(connector).connections(connections)
        .stateListener((c, from, to, cause) -> states.add(to));
  }
}
