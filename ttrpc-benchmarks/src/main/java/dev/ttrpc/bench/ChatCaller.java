package dev.ttrpc.bench;

import com.google.protobuf.BytesValue;
import dev.ttrpc.client.CallOptions;
import dev.ttrpc.client.ClientStream;
import dev.ttrpc.client.TtrpcClient;

/** A {@code Chat} call: {@code msgs} ping-pongs on one bidirectional stream, then a clean close. */
final class ChatCaller extends Caller {
  ChatCaller(TtrpcClient client, int size, int msgs) {
    super(client, size, msgs);
  }

  @Override
  String call(long seq) {
    BytesValue request = payload.next(seq);
    try (ClientStream<BytesValue, BytesValue> stream = client.openStream(BenchProtocol.CHAT, CallOptions.DEFAULT)) {
      for (int i = 0; i < msgs; i++) {
        stream.send(request);
        BytesValue echo = stream.receive();
        if (echo == null) {
          return "stream of call " + seq + " ended after " + i + " of " + msgs + " messages";
        }
        if (!payload.matches(echo)) {
          return "message " + i + " of call " + seq + " differs from its request";
        }
      }
      stream.closeSend();
      return stream.receive() == null ? null : "stream of call " + seq + " sent more than it was sent";
    }
  }
}
