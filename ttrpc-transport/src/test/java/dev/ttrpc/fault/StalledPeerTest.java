package dev.ttrpc.fault;

import dev.ttrpc.testing.Poll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.BytesValue;
import dev.ttrpc.Code;
import dev.ttrpc.TtrpcException;
import dev.ttrpc.client.Backoff;
import dev.ttrpc.client.CallOptions;
import dev.ttrpc.client.TtrpcClient;
import dev.ttrpc.server.TtrpcServer;
import dev.ttrpc.testing.Bytes;
import dev.ttrpc.testing.EchoService;
import dev.ttrpc.testing.TestSockets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.newsclub.net.unix.AFUNIXServerSocketChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.AFUNIXSocketChannel;

/**
 * A peer that accepts and then never reads, so one large request blocks in the middle of its write. Complements
 * {@code client.WriteDeadlineTest} (calls queued behind a full socket): here the call whose deadline must fire is
 * the one being written, and the client must still serve callers afterwards.
 */
class StalledPeerTest {
  /** Far larger than a Unix socket's buffers (~200 KiB here), within the default 4 MiB message limit. */
  private static final int LARGE = 3 << 20;
  private static final Backoff FAST = new Backoff(Duration.ofMillis(20), Duration.ofMillis(200), 2, 0.2);

  @Test
  void aDeadlineFiresWhileItsRequestIsStuckInTheSocketAndTheClientStaysUsable() throws Exception {
    try (TestSockets sockets = new TestSockets()) {
      String address = sockets.address("mute.sock");
      try (TtrpcClient client = TtrpcClient.builder(address).reconnect(true, FAST).build()) {
        try (AFUNIXServerSocketChannel listener = AFUNIXServerSocketChannel.open()) {
          listener.bind(AFUNIXSocketAddress.of(sockets.path("mute.sock")));
          CompletableFuture<BytesValue> stuck = client.callAsync(EchoService.ECHO, Bytes.ofSize(LARGE),
              CallOptions.timeout(Duration.ofMillis(300)));
          try (AFUNIXSocketChannel accepted = listener.accept()) {
            assertThatThrownBy(() -> stuck.get(30, TimeUnit.SECONDS)).cause()
                .isInstanceOfSatisfying(TtrpcException.class,
                    e -> assertThat(e.code()).isEqualTo(Code.DEADLINE_EXCEEDED));
            // A second caller behind the stuck write gets its deadline too, rather than waiting for the peer.
            assertThatThrownBy(() -> client.call(EchoService.ECHO, Bytes.value("behind"),
                CallOptions.timeout(Duration.ofMillis(200))))
                .isInstanceOfSatisfying(TtrpcException.class,
                    e -> assertThat(e.code()).isEqualTo(Code.DEADLINE_EXCEEDED));
            assertThat(client.callsInFlight()).as("expired calls are released").isZero();
          }
        }
        // The stalled peer goes away and a working one takes its path: the same client serves calls again.
        try (TtrpcServer server = TtrpcServer.builder(address).service(EchoService.definition()).build().start()) {
          Poll.until("the client serves calls again", Duration.ofSeconds(30), () -> echoes(client));
          BytesValue large = Bytes.ofSize(LARGE);
          assertThat(client.call(EchoService.ECHO, large, CallOptions.timeout(Duration.ofSeconds(30))))
              .isEqualTo(large);
        }
      }
    }
  }

  private static boolean echoes(TtrpcClient client) {
    try {
      return client.call(EchoService.ECHO, Bytes.value("ok"), CallOptions.timeout(Duration.ofSeconds(5)))
          .getValue().toStringUtf8().equals("ok");
    } catch (TtrpcException e) {
      if (e.code() != Code.UNAVAILABLE) {
        throw e;
      }
      return false;
    }
  }
}
