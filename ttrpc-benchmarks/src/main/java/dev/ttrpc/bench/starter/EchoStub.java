package dev.ttrpc.bench.starter;

import com.google.protobuf.BytesValue;
import dev.ttrpc.bench.BenchProtocol;
import dev.ttrpc.client.CallOptions;
import dev.ttrpc.client.TtrpcClient;

/**
 * A client stub of {@code ttrpc.bench.v1.Echo/Echo} written the way {@code ttrpc-codegen} writes {@code FooClient}
 * (immutable, over a shared {@link TtrpcClient}, the client's default options per call), since the bench protocol
 * has no {@code .proto} to generate one from. Both sides of the overhead comparison call through it, so it cancels.
 */
final class EchoStub {
  private final TtrpcClient client;

  private EchoStub(TtrpcClient client) {
    this.client = client;
  }

  static EchoStub of(TtrpcClient client) {
    return new EchoStub(client);
  }

  private CallOptions callOptions() {
    return client.defaultOptions();
  }

  BytesValue echo(BytesValue request) {
    return client.call(BenchProtocol.ECHO, request, callOptions());
  }
}
