package dev.ttrpc.bench;

import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import dev.ttrpc.server.ServiceDefinition;

/** The server side of {@link BenchProtocol}: handlers that do nothing but what the protocol says. */
public final class BenchService {
  private BenchService() {}

  /** The service definition to register on a {@link dev.ttrpc.server.TtrpcServer}. */
  public static ServiceDefinition definition() {
    return ServiceDefinition.builder(BenchProtocol.SERVICE)
        .unary(BenchProtocol.ECHO, (request, ctx) -> request)
        .stream(BenchProtocol.REPEAT, stream -> {
          BytesValue request = stream.receive();
          int n = request.getValue().isEmpty() ? 0 : request.getValue().byteAt(0) & 0xff;
          for (int i = 0; i < n; i++) {
            stream.send(request);
          }
          return null;
        })
        .stream(BenchProtocol.SUM, stream -> {
          ByteString all = ByteString.EMPTY;
          for (BytesValue m = stream.receive(); m != null; m = stream.receive()) {
            all = all.concat(m.getValue());
          }
          return BytesValue.of(all);
        })
        .stream(BenchProtocol.CHAT, stream -> {
          for (BytesValue m = stream.receive(); m != null; m = stream.receive()) {
            stream.send(m);
          }
          return null;
        })
        .build();
  }
}
