package dev.ttrpc.bench;

import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import dev.ttrpc.client.CallOptions;
import dev.ttrpc.client.ClientStream;
import dev.ttrpc.client.TtrpcClient;

/** A {@code Sum} call: the request sent {@code msgs} times; the answer is their concatenation. */
final class SumCaller extends Caller {
  SumCaller(TtrpcClient client, int size, int msgs) {
    super(client, size, msgs);
  }

  @Override
  String call(long seq) {
    BytesValue request = payload.next(seq);
    try (ClientStream<BytesValue, BytesValue> stream = client.openStream(BenchProtocol.SUM, CallOptions.DEFAULT)) {
      for (int i = 0; i < msgs; i++) {
        stream.send(request);
      }
      ByteString sum = stream.closeAndReceive().getValue();
      if (sum.size() != msgs * payload.size()) {
        return "call " + seq + " got " + sum.size() + " bytes, expected " + msgs * payload.size();
      }
      for (int i = 0; i < msgs; i++) {
        if (!payload.matchesAt(sum, i * payload.size())) {
          return "part " + i + " of the answer to call " + seq + " differs from its request";
        }
      }
      return null;
    }
  }
}
