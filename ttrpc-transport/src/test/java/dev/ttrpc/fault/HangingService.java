package dev.ttrpc.fault;

import com.google.protobuf.BytesValue;
import com.google.protobuf.Empty;
import com.google.protobuf.Int64Value;
import dev.ttrpc.MethodDescriptor;
import dev.ttrpc.MethodType;
import dev.ttrpc.server.ServiceDefinition;
import dev.ttrpc.server.TtrpcServer;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/**
 * A service whose calls never end on their own, so that every call is still in flight when the test kills the
 * process serving it; plus a probe for how many calls that process is serving.
 */
final class HangingService {
  static final String NAME = "fault.Hanging";

  static final MethodDescriptor<BytesValue, BytesValue> HANG =
      MethodDescriptor.of(NAME, "Hang", MethodType.UNARY, BytesValue.parser(), BytesValue.parser());
  static final MethodDescriptor<BytesValue, BytesValue> HANG_SERVER_STREAM =
      MethodDescriptor.of(NAME, "HangServerStream", MethodType.SERVER_STREAMING, BytesValue.parser(),
          BytesValue.parser());
  static final MethodDescriptor<BytesValue, BytesValue> HANG_BIDI =
      MethodDescriptor.of(NAME, "HangBidi", MethodType.BIDI_STREAMING, BytesValue.parser(), BytesValue.parser());
  static final MethodDescriptor<Empty, Int64Value> CALLS_IN_FLIGHT =
      MethodDescriptor.of(NAME, "CallsInFlight", MethodType.UNARY, Empty.parser(), Int64Value.parser());

  private HangingService() {}

  /** The service; {@code server} is read lazily because the definition is built before the server exists. */
  static ServiceDefinition definition(Supplier<TtrpcServer> server) {
    // Nobody ever counts this down: the handlers wait until the process dies.
    CountDownLatch never = new CountDownLatch(1);
    return ServiceDefinition.builder(NAME)
        .unary(HANG, (req, ctx) -> {
          never.await();
          return req;
        })
        .stream(HANG_SERVER_STREAM, stream -> {
          stream.send(stream.receive());
          never.await();
          return null;
        })
        .stream(HANG_BIDI, stream -> {
          stream.send(stream.receive());
          never.await();
          return null;
        })
        .unary(CALLS_IN_FLIGHT, (req, ctx) -> Int64Value.of(server.get().callsInFlight()))
        .build();
  }
}
