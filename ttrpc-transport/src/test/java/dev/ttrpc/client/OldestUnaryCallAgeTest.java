package dev.ttrpc.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.BytesValue;
import com.google.protobuf.Empty;
import com.google.protobuf.Int64Value;
import dev.ttrpc.testing.EchoServer;
import dev.ttrpc.testing.EchoService;
import dev.ttrpc.testing.Poll;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** {@link TtrpcClient#oldestUnaryCallAge()}: how long the oldest unary call waiting for its answer has waited. */
class OldestUnaryCallAgeTest {
  @AutoClose
  private final EchoServer server = new EchoServer();
  @AutoClose
  private final TtrpcClient client = server.connect();

  @Test
  void zeroWithoutCallsThenGrowingWhileOneWaitsThenZeroOnceAnswered() {
    assertThat(client.oldestUnaryCallAge()).isZero();
    CompletableFuture<Empty> waiting = client.callAsync(EchoService.SLEEP, Int64Value.of(60_000));
    Poll.until("the call is on the wire", () -> !client.oldestUnaryCallAge().isZero());
    Duration first = client.oldestUnaryCallAge();
    Poll.until("the age grows", () -> client.oldestUnaryCallAge().compareTo(first) > 0);

    waiting.cancel(true);
    Poll.until("the cancelled call no longer counts", () -> client.oldestUnaryCallAge().isZero());
    assertThat(client.callsInFlight()).isZero();
  }

  @Test
  void openStreamsDoNotCount() {
    try (ClientStream<BytesValue, BytesValue> chat = client.openStream(EchoService.CHAT, CallOptions.DEFAULT)) {
      chat.send(BytesValue.getDefaultInstance());
      assertThat(chat.receive()).isEqualTo(BytesValue.getDefaultInstance());
      assertThat(client.callsInFlight()).isEqualTo(1);
      assertThat(client.oldestUnaryCallAge()).isZero();
    }
  }
}
