package dev.ttrpc.fault;

import dev.ttrpc.testing.Poll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ttrpc.Code;
import dev.ttrpc.TtrpcException;
import dev.ttrpc.client.Backoff;
import dev.ttrpc.client.ConnectivityState;
import dev.ttrpc.client.TtrpcClient;
import dev.ttrpc.testing.Bytes;
import dev.ttrpc.testing.EchoService;
import dev.ttrpc.testing.TestSockets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The peer process dies and a new one comes up on the same socket path (leaving the old, stale socket file behind):
 * the same client re-dials with backoff until it is READY again, and calls succeed.
 */
class PeerRestartTest {
  /** Fast enough for a test, capped low so the client notices the new peer soon after it starts. */
  private static final Backoff FAST = new Backoff(Duration.ofMillis(20), Duration.ofMillis(250), 2, 0.2);

  @Test
  void theSameClientReconnectsWhenThePeerProcessComesBackOnItsPath() throws Exception {
    try (TestSockets sockets = new TestSockets()) {
      String address = sockets.address("peer.sock");
      List<ConnectivityState> states = new CopyOnWriteArrayList<>();
      PeerProcess first = PeerProcess.start(address);
      try (TtrpcClient client = TtrpcClient.builder(address).reconnect(true, FAST)
          .stateListener((c, from, to, cause) -> states.add(to)).connect()) {
        assertThat(client.call(EchoService.ECHO, Bytes.value("first")).getValue().toStringUtf8()).isEqualTo("first");

        first.kill().get(30, TimeUnit.SECONDS);
        first.close();
        Poll.until("the client sees the connection is gone", Duration.ofSeconds(10),
            () -> client.state() != ConnectivityState.READY);
        assertThat(sockets.path("peer.sock")).as("SIGKILL leaves the socket file behind").exists();
        assertThatThrownBy(() -> client.call(EchoService.ECHO, Bytes.value("nobody")))
            .isInstanceOfSatisfying(TtrpcException.class, e -> assertThat(e.code()).isEqualTo(Code.UNAVAILABLE));

        try (PeerProcess second = PeerProcess.start(address)) {
          long readyAt = System.nanoTime();
          Poll.until("the client is READY again", Duration.ofSeconds(30),
              () -> client.state() == ConnectivityState.READY);
          System.out.printf("[fault] peer restart: READY %.1f ms after the new peer accepted, %d re-dials failed "
              + "while it was down%n", (System.nanoTime() - readyAt) / 1e6,
              states.stream().filter(s -> s == ConnectivityState.FAILED).count() - 1);
          for (int i = 0; i < 20; i++) {
            assertThat(client.call(EchoService.ECHO, Bytes.value("again " + i)).getValue().toStringUtf8())
                .isEqualTo("again " + i);
          }
          assertThat(client.reconnects()).isEqualTo(1);
          assertThat(states).containsSubsequence(ConnectivityState.READY, ConnectivityState.FAILED,
              ConnectivityState.CONNECTING, ConnectivityState.FAILED, ConnectivityState.CONNECTING,
              ConnectivityState.READY);
        }
      }
    }
  }
}
