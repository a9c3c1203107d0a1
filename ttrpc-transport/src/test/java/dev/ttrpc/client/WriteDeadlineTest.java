package dev.ttrpc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ttrpc.Code;
import dev.ttrpc.TtrpcException;
import dev.ttrpc.testing.Bytes;
import dev.ttrpc.testing.EchoService;
import dev.ttrpc.testing.TestSockets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.newsclub.net.unix.AFUNIXServerSocketChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/** A peer that accepts but never reads: the socket fills, and callers must still get their deadline. */
class WriteDeadlineTest {
  @Test
  void aPeerThatStopsReadingCannotHoldACallerPastItsDeadline() throws Exception {
    try (TestSockets sockets = new TestSockets();
        AFUNIXServerSocketChannel listener = AFUNIXServerSocketChannel.open()) {
      listener.bind(AFUNIXSocketAddress.of(sockets.path("mute.sock")));
      try (TtrpcClient client = TtrpcClient.connect(sockets.address("mute.sock"));
          var accepted = listener.accept()) {
        // Fill the socket buffers: these calls are written (or queued) but never answered.
        for (int i = 0; i < 8; i++) {
          client.callAsync(EchoService.ECHO, Bytes.ofSize(1 << 20), CallOptions.timeout(Duration.ofMinutes(5)));
        }
        long started = System.nanoTime();
        CompletableFuture<?> late = client.callAsync(EchoService.ECHO, Bytes.ofSize(1 << 20),
            CallOptions.timeout(Duration.ofMillis(200)));
        assertThat(System.nanoTime() - started).as("queueing a call never blocks on the socket")
            .isLessThan(TimeUnit.SECONDS.toNanos(5));
        assertThatThrownBy(() -> late.get(30, TimeUnit.SECONDS)).cause()
            .isInstanceOfSatisfying(TtrpcException.class, e -> assertThat(e.code()).isEqualTo(Code.DEADLINE_EXCEEDED));
      }
    }
  }
}
