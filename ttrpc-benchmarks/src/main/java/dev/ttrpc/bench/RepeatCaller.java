package dev.ttrpc.bench;

import com.google.protobuf.BytesValue;
import dev.ttrpc.client.CallOptions;
import dev.ttrpc.client.ClientStream;
import dev.ttrpc.client.TtrpcClient;

/** A {@code Repeat} call: one request carrying the repeat count in its first byte, {@code msgs} echoes back. */
final class RepeatCaller extends Caller {
  RepeatCaller(TtrpcClient client, int size, int msgs) {
    super(client, size, msgs);
    if (msgs > 255) {
      throw new IllegalArgumentException("Repeat sends at most 255 messages (the count is one byte), got " + msgs);
    }
  }

  @Override
  String call(long seq) {
    BytesValue request = payload.next(seq);
    payload.setFirstByte(msgs);
    try (ClientStream<BytesValue, BytesValue> stream =
        client.openStream(BenchProtocol.REPEAT, request, CallOptions.DEFAULT)) {
      int received = 0;
      for (BytesValue m = stream.receive(); m != null; m = stream.receive()) {
        if (!payload.matches(m)) {
          return "message " + received + " of call " + seq + " differs from its request";
        }
        received++;
      }
      return received == msgs ? null : "call " + seq + " got " + received + " messages, expected " + msgs;
    }
  }
}
