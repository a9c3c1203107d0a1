package dev.ttrpc.interop;

import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import com.google.protobuf.Empty;
import com.google.protobuf.Int64Value;
import com.google.protobuf.StringValue;
import dev.ttrpc.Code;
import dev.ttrpc.MethodDescriptor;
import dev.ttrpc.MethodType;
import dev.ttrpc.TtrpcException;
import dev.ttrpc.server.ServerContext;
import dev.ttrpc.server.ServiceDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code ttrpc.interop.v1.Interop}: the descriptors a Java client uses against the Go peer, and a Java implementation
 * with the Go peer's semantics ({@code go/src/github.com/ttrpc-java/peers/internal/peer/services.go}).
 */
final class InteropService {
  static final String NAME = "ttrpc.interop.v1.Interop";
  /** Big refuses more than this, as the Go peer does. */
  static final long MAX_BIG = 256L << 20;

  /** Answers the request unchanged. */
  static final MethodDescriptor<BytesValue, BytesValue> ECHO =
      MethodDescriptor.of(NAME, "Echo", MethodType.UNARY, BytesValue.parser(), BytesValue.parser());
  /** Answers the metadata received, as Go's {@code json.Marshal(map[string][]string)}. */
  static final MethodDescriptor<Empty, StringValue> METADATA =
      MethodDescriptor.of(NAME, "Metadata", MethodType.UNARY, Empty.parser(), StringValue.parser());
  /** Answers the nanoseconds left before the deadline at handler entry, -1 without one. */
  static final MethodDescriptor<Empty, Int64Value> DEADLINE =
      MethodDescriptor.of(NAME, "Deadline", MethodType.UNARY, Empty.parser(), Int64Value.parser());
  /** Sleeps the given milliseconds unless the call's context ends first. */
  static final MethodDescriptor<Int64Value, Empty> SLEEP =
      MethodDescriptor.of(NAME, "Sleep", MethodType.UNARY, Int64Value.parser(), Empty.parser());
  /** Fails with "CODE message" (code 0 succeeds). */
  static final MethodDescriptor<StringValue, Empty> FAIL =
      MethodDescriptor.of(NAME, "Fail", MethodType.UNARY, StringValue.parser(), Empty.parser());
  /** Answers n bytes, byte i = i % 251. */
  static final MethodDescriptor<Int64Value, BytesValue> BIG =
      MethodDescriptor.of(NAME, "Big", MethodType.UNARY, Int64Value.parser(), BytesValue.parser());

  /** Sleep handlers that ended because their call was cancelled (deadline, caller gone). */
  final AtomicInteger sleepsCancelled = new AtomicInteger();

  ServiceDefinition definition() {
    return ServiceDefinition.builder(NAME)
        .unary(ECHO, (req, ctx) -> req)
        .unary(METADATA, (req, ctx) -> StringValue.of(metadataJson(ctx)))
        .unary(DEADLINE, (req, ctx) -> Int64Value.of(ctx.hasDeadline() ? ctx.remainingNanos() : -1))
        .unary(SLEEP, this::sleep)
        .unary(FAIL, (req, ctx) -> fail(req.getValue()))
        .unary(BIG, (req, ctx) -> big(req.getValue()))
        .build();
  }

  private static String metadataJson(ServerContext ctx) {
    Map<String, List<String>> md = new LinkedHashMap<>();
    ctx.metadata().forEach((k, v) -> md.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
    return Json.goMarshal(md);
  }

  private Empty sleep(Int64Value req, ServerContext ctx) throws InterruptedException {
    CountDownLatch cancelled = new CountDownLatch(1);
    ctx.onCancel(cancelled::countDown);
    if (!cancelled.await(req.getValue(), TimeUnit.MILLISECONDS)) {
      return Empty.getDefaultInstance();
    }
    if (ctx.hasDeadline() && ctx.remainingNanos() <= 0) {
      sleepsCancelled.incrementAndGet();
      throw TtrpcException.of(Code.DEADLINE_EXCEEDED, "context deadline exceeded");
    }
    if (ctx.isCancelled()) {
      sleepsCancelled.incrementAndGet();
      throw TtrpcException.of(Code.CANCELLED, "context canceled");
    }
    return Empty.getDefaultInstance();
  }

  private static Empty fail(String value) {
    String num = value;
    String msg = "";
    int sp = value.indexOf(' ');
    if (sp >= 0) {
      num = value.substring(0, sp);
      msg = value.substring(sp + 1);
    }
    long code = -1;
    if (num.matches("[0-9]{1,10}")) {
      code = Long.parseLong(num);
    }
    if (code < 0 || code > 0xffff_ffffL) {
      throw TtrpcException.of(Code.INVALID_ARGUMENT, "Fail wants \"CODE MESSAGE\", got " + goQuote(value));
    }
    if (code == 0) {
      return Empty.getDefaultInstance();
    }
    throw TtrpcException.of(Code.forNumber((int) code), msg);
  }

  private static BytesValue big(long n) {
    if (n < 0 || n > MAX_BIG) {
      throw TtrpcException.of(Code.INVALID_ARGUMENT, "Big wants 0.." + MAX_BIG + " bytes, got " + n);
    }
    byte[] b = new byte[(int) n];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (i % 251);
    }
    return BytesValue.of(ByteString.copyFrom(b));
  }

  /** Go's %q for the printable ASCII strings the tests use. */
  private static String goQuote(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
