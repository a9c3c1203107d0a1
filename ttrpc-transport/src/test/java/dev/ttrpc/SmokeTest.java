package dev.ttrpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import dev.ttrpc.client.CallOptions;
import dev.ttrpc.client.ClientStream;
import dev.ttrpc.client.TtrpcClient;
import dev.ttrpc.server.TtrpcServer;
import dev.ttrpc.testing.EchoService;
import dev.ttrpc.testing.TestSockets;
import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test
  void echoAndStreams() throws Exception {
    try (TestSockets sockets = new TestSockets();
        TtrpcServer server = TtrpcServer.builder(sockets.address("s.sock")).service(EchoService.definition()).build().start();
        TtrpcClient client = TtrpcClient.connect(sockets.address("s.sock"))) {
      BytesValue r = client.call(EchoService.ECHO, BytesValue.of(ByteString.copyFromUtf8("hi")));
      assertThat(r.getValue().toStringUtf8()).isEqualTo("hi");
      ClientStream<BytesValue, BytesValue> s = client.openStream(EchoService.REPEAT,
          BytesValue.of(ByteString.copyFrom(new byte[] {3, 1})), CallOptions.DEFAULT);
      int n = 0;
      while (s.receive() != null) {
        n++;
      }
      assertThat(n).isEqualTo(3);
      ClientStream<BytesValue, BytesValue> sum = client.openStream(EchoService.SUM, CallOptions.DEFAULT);
      sum.send(BytesValue.of(ByteString.copyFromUtf8("foo")));
      sum.send(BytesValue.of(ByteString.copyFromUtf8("bar")));
      assertThat(sum.closeAndReceive().getValue().toStringUtf8()).isEqualTo("foobar");
      ClientStream<BytesValue, BytesValue> chat = client.openStream(EchoService.CHAT, CallOptions.DEFAULT);
      chat.send(BytesValue.of(ByteString.copyFromUtf8("ping")));
      assertThat(chat.receive().getValue().toStringUtf8()).isEqualTo("ping");
      chat.closeSend();
      assertThat(chat.receive()).isNull();
    }
  }
}
