package dev.ttrpc.bench;

import com.google.protobuf.BytesValue;
import dev.ttrpc.client.TtrpcClient;

/** A {@code Echo} call: one blocking unary call. */
final class EchoCaller extends Caller {
  EchoCaller(TtrpcClient client, int size) {
    super(client, size, 1);
  }

  @Override
  String call(long seq) {
    BytesValue response = client.call(BenchProtocol.ECHO, payload.next(seq));
    return payload.matches(response) ? null : "response to call " + seq + " differs from its request";
  }
}
