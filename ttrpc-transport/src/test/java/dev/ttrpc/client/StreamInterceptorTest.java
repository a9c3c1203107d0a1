package dev.ttrpc.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.BytesValue;
import com.google.protobuf.MessageLite;
import dev.ttrpc.MethodDescriptor;
import dev.ttrpc.server.ServerInterceptor;
import dev.ttrpc.server.ServerStream;
import dev.ttrpc.server.StreamHandler;
import dev.ttrpc.testing.Bytes;
import dev.ttrpc.testing.EchoServer;
import dev.ttrpc.testing.EchoService;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class StreamInterceptorTest {
  @Test
  void streamingCallsPassThroughClientAndServerInterceptors() {
    List<String> seen = new CopyOnWriteArrayList<>();
    ClientInterceptor tagging = new ClientInterceptor() {
      @Override
      public <Q extends MessageLite, R extends MessageLite> ClientStream<Q, R> interceptStream(
          MethodDescriptor<Q, R> method, Q firstRequest, CallOptions options, StreamInvoker next) {
        seen.add("client " + method.method() + " first=" + (firstRequest != null));
        return next.open(method, firstRequest, options.withHeader("x-stream", method.method()));
      }
    };
    ServerInterceptor observing = new ServerInterceptor() {
      @Override
      public <Q extends MessageLite, R extends MessageLite> R interceptStream(
          MethodDescriptor<Q, R> method, ServerStream<Q, R> stream, StreamHandler<Q, R> next) throws Exception {
        seen.add("server " + method.method() + " x-stream=" + stream.metadata().get("x-stream"));
        return next.handle(stream);
      }
    };
    try (EchoServer server = new EchoServer(b -> b.intercept(observing));
        TtrpcClient client = TtrpcClient.builder(server.address()).intercept(tagging).build()) {
      ClientStream<BytesValue, BytesValue> chat = client.openStream(EchoService.CHAT, CallOptions.DEFAULT);
      chat.send(Bytes.value("x"));
      assertThat(chat.receive()).isEqualTo(Bytes.value("x"));
      chat.closeSend();
      assertThat(chat.receive()).isNull();
      ClientStream<BytesValue, BytesValue> repeat = client.openStream(EchoService.REPEAT, Bytes.raw(1),
          CallOptions.DEFAULT);
      assertThat(repeat.receive()).isEqualTo(Bytes.raw(1));
      assertThat(repeat.receive()).isNull();
    }
    assertThat(seen).containsExactly("client Chat first=false", "server Chat x-stream=Chat",
        "client Repeat first=true", "server Repeat x-stream=Repeat");
  }
}
