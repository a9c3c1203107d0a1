package dev.ttrpc.testing;

import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import com.google.protobuf.Empty;
import com.google.protobuf.Int64Value;
import com.google.protobuf.StringValue;
import dev.ttrpc.Code;
import dev.ttrpc.MethodDescriptor;
import dev.ttrpc.MethodType;
import dev.ttrpc.TtrpcException;
import dev.ttrpc.server.ServiceDefinition;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark protocol's service ({@code ttrpc.bench.v1.Echo}) plus a few methods that let tests see what the
 * server saw; shared by the transport's tests.
 */
public final class EchoService {
  public static final String NAME = "ttrpc.bench.v1.Echo";

  public static final MethodDescriptor<BytesValue, BytesValue> ECHO =
      MethodDescriptor.of(NAME, "Echo", MethodType.UNARY, BytesValue.parser(), BytesValue.parser());
  public static final MethodDescriptor<BytesValue, BytesValue> REPEAT =
      MethodDescriptor.of(NAME, "Repeat", MethodType.SERVER_STREAMING, BytesValue.parser(), BytesValue.parser());
  public static final MethodDescriptor<BytesValue, BytesValue> SUM =
      MethodDescriptor.of(NAME, "Sum", MethodType.CLIENT_STREAMING, BytesValue.parser(), BytesValue.parser());
  public static final MethodDescriptor<BytesValue, BytesValue> CHAT =
      MethodDescriptor.of(NAME, "Chat", MethodType.BIDI_STREAMING, BytesValue.parser(), BytesValue.parser());
  /** Answers the metadata it received, as {@code k=v} lines. */
  public static final MethodDescriptor<Empty, StringValue> METADATA =
      MethodDescriptor.of(NAME, "Metadata", MethodType.UNARY, Empty.parser(), StringValue.parser());
  /** Answers the nanoseconds left before its deadline, -1 without one. */
  public static final MethodDescriptor<Empty, Int64Value> DEADLINE =
      MethodDescriptor.of(NAME, "Deadline", MethodType.UNARY, Empty.parser(), Int64Value.parser());
  /** Fails with the code and message given as "CODE message". */
  public static final MethodDescriptor<StringValue, Empty> FAIL =
      MethodDescriptor.of(NAME, "Fail", MethodType.UNARY, StringValue.parser(), Empty.parser());
  /** Blocks until cancelled (or the given millis pass), then answers. */
  public static final MethodDescriptor<Int64Value, Empty> SLEEP =
      MethodDescriptor.of(NAME, "Sleep", MethodType.UNARY, Int64Value.parser(), Empty.parser());

  private EchoService() {}

  public static ServiceDefinition definition() {
    return ServiceDefinition.builder(NAME)
        .unary(ECHO, (req, ctx) -> req)
        .stream(REPEAT, stream -> {
          BytesValue req = stream.receive();
          int n = req.getValue().isEmpty() ? 0 : req.getValue().byteAt(0) & 0xff;
          for (int i = 0; i < n; i++) {
            stream.send(req);
          }
          return null;
        })
        .stream(SUM, stream -> {
          ByteString all = ByteString.EMPTY;
          for (BytesValue m = stream.receive(); m != null; m = stream.receive()) {
            all = all.concat(m.getValue());
          }
          return BytesValue.of(all);
        })
        .stream(CHAT, stream -> {
          for (BytesValue m = stream.receive(); m != null; m = stream.receive()) {
            stream.send(m);
          }
          return null;
        })
        .unary(METADATA, (req, ctx) -> {
          StringBuilder sb = new StringBuilder();
          ctx.metadata().forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
          return StringValue.of(sb.toString());
        })
        .unary(DEADLINE, (req, ctx) -> Int64Value.of(ctx.hasDeadline() ? ctx.remainingNanos() : -1))
        .unary(FAIL, (req, ctx) -> {
          String[] parts = req.getValue().split(" ", 2);
          throw TtrpcException.of(Code.forNumber(Integer.parseInt(parts[0])), parts.length > 1 ? parts[1] : "");
        })
        .unary(SLEEP, (req, ctx) -> {
          CountDownLatch cancelled = new CountDownLatch(1);
          ctx.onCancel(cancelled::countDown);
          cancelled.await(req.getValue(), TimeUnit.MILLISECONDS);
          return Empty.getDefaultInstance();
        })
        .build();
  }
}
