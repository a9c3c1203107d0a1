package dev.ttrpc.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ttrpc.client.ClientStream;
import dev.ttrpc.client.CallOptions;
import dev.ttrpc.client.TtrpcClient;
import dev.ttrpc.testing.Bytes;
import dev.ttrpc.testing.EchoServer;
import dev.ttrpc.testing.EchoService;
import com.google.protobuf.BytesValue;
import org.junit.jupiter.api.Test;

class JdkUnixConnectorTest {
  @Test
  void theJdksChannelsCarryUnaryAndStreamingCalls() {
    try (EchoServer server = new EchoServer();
        TtrpcClient client = TtrpcClient.builder(server.address()).connector(JdkUnixConnector.INSTANCE).connect()) {
      assertThat(client.call(EchoService.ECHO, Bytes.value("jdk")).getValue().toStringUtf8()).isEqualTo("jdk");
      BytesValue big = Bytes.ofSize(2 << 20);
      assertThat(client.call(EchoService.ECHO, big)).isEqualTo(big);
      ClientStream<BytesValue, BytesValue> chat = client.openStream(EchoService.CHAT, CallOptions.DEFAULT);
      chat.send(Bytes.value("a"));
      assertThat(chat.receive()).isEqualTo(Bytes.value("a"));
      chat.closeSend();
      assertThat(chat.receive()).isNull();
    }
  }

  @Test
  void namesTheAddressWhenNothingListens() {
    try (EchoServer server = new EchoServer()) {
      TtrpcAddress nobody = TtrpcAddress.file(server.sockets().path("nobody.sock"));
      assertThatThrownBy(() -> JdkUnixConnector.INSTANCE.connect(nobody, java.time.Duration.ofSeconds(1)))
          .hasMessageContaining("nobody.sock");
    }
  }
}
