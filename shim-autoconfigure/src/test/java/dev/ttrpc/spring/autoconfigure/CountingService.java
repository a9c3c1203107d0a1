package dev.ttrpc.spring.autoconfigure;

import com.google.protobuf.Int32Value;
import dev.ttrpc.Code;
import dev.ttrpc.MethodDescriptor;
import dev.ttrpc.MethodType;
import dev.ttrpc.TtrpcException;
import dev.ttrpc.server.ServiceDefinition;

/**
 * A hand-written streaming service for the observation tests (the shim APIs are all unary): {@code Count} streams
 * 0..n-1 back and fails INVALID_ARGUMENT for a negative n; {@code Sum} adds up a client stream.
 */
final class CountingService {
  static final String NAME = "test.Counting";
  static final MethodDescriptor<Int32Value, Int32Value> COUNT = MethodDescriptor.of(NAME, "Count",
      MethodType.SERVER_STREAMING, Int32Value.parser(), Int32Value.parser());
  static final MethodDescriptor<Int32Value, Int32Value> SUM = MethodDescriptor.of(NAME, "Sum",
      MethodType.CLIENT_STREAMING, Int32Value.parser(), Int32Value.parser());

  private CountingService() {
  }

  static ServiceDefinition definition() {
    return ServiceDefinition.builder(NAME)
        .stream(COUNT, stream -> {
          int n = stream.receive().getValue();
          if (n < 0) {
            throw TtrpcException.of(Code.INVALID_ARGUMENT, "cannot count to " + n);
          }
          for (int i = 0; i < n; i++) {
            stream.send(Int32Value.of(i));
          }
          return null;
        })
        .stream(SUM, stream -> {
          int sum = 0;
          for (Int32Value v = stream.receive(); v != null; v = stream.receive()) {
            sum += v.getValue();
          }
          return Int32Value.of(sum);
        })
        .build();
  }
}
