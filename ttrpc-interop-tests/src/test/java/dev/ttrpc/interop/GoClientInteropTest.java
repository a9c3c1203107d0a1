package dev.ttrpc.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.BytesValue;
import com.google.protobuf.Empty;
import com.google.protobuf.Int64Value;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.StringValue;
import dev.ttrpc.Code;
import dev.ttrpc.MethodDescriptor;
import dev.ttrpc.server.ServerContext;
import dev.ttrpc.server.ServerInterceptor;
import dev.ttrpc.server.TtrpcServer;
import dev.ttrpc.server.UnaryHandler;
import dev.ttrpc.testing.Bytes;
import dev.ttrpc.testing.EchoService;
import dev.ttrpc.testing.TestSockets;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Go ttrpc 1.1.1 client ({@code ttrpc-go-peer call|concurrent}) against a Java {@link TtrpcServer} serving
 * {@link InteropService}; where both servers should agree, the same Go call also goes to the Go server. Needs Go.
 */
class GoClientInteropTest {
  private static final String SVC = InteropService.NAME;

  private static TestSockets shared;
  private static GoPeers.GoServer goServer;
  private static GoClient toGo;

  private TestSockets sockets;
  private TtrpcServer server;
  private InteropService service;
  private GoClient toJava;
  /** {@link TtrpcServer#connectionCount()} as each call saw it. */
  private final Queue<Integer> connectionsSeen = new ConcurrentLinkedQueue<>();

  @BeforeAll
  static void startGoServer() {
    GoPeers.peer(); // fails, naming the apt packages, when Go or the Go ttrpc sources are missing
    shared = new TestSockets();
    try {
      goServer = GoPeers.startServer(shared.path("go.sock"));
    } catch (RuntimeException | AssertionError e) {
      shared.close();
      throw e;
    }
    toGo = new GoClient(goServer.socket(), shared.dir());
  }

  @AfterAll
  static void stopGoServer() {
    try {
      if (goServer != null) {
        goServer.close();
      }
    } finally {
      if (shared != null) {
        shared.close();
      }
    }
  }

  @BeforeEach
  void startJavaServer() throws IOException {
    sockets = new TestSockets();
    service = new InteropService();
    AtomicReference<TtrpcServer> self = new AtomicReference<>();
    ServerInterceptor countConnections = new ServerInterceptor() {
      @Override
      public <Q extends MessageLite, R extends MessageLite> R interceptUnary(MethodDescriptor<Q, R> method,
          Q request, ServerContext context, UnaryHandler<Q, R> next) throws Exception {
        connectionsSeen.add(self.get().connectionCount());
        return next.handle(request, context);
      }
    };
    server = TtrpcServer.builder(sockets.address("java.sock"))
        .service(service.definition())
        .service(EchoService.definition())
        .intercept(countConnections)
        .build();
    self.set(server);
    server.start();
    toJava = new GoClient(sockets.path("java.sock"), sockets.dir());
  }

  @AfterEach
  void stopJavaServer() {
    try {
      if (server != null) {
        server.close();
      }
    } finally {
      if (sockets != null) {
        sockets.close();
      }
    }
  }

  // ---- Echo

  @Test
  void echoesEmptySmallAndOneMebibyte() {
    for (BytesValue req : List.of(BytesValue.getDefaultInstance(), Bytes.value("hello, java"),
        Bytes.ofSize(1 << 20))) {
      GoClient.Result r = toJava.call(SVC, "Echo", req);
      assertThat(r.code()).as("%s", r).isZero();
      assertThat(r.payload()).isEqualTo(req.toByteArray());
    }
    GoClient.Result bench = toJava.call(EchoService.NAME, "Echo", Bytes.value("bench"));
    assertThat(bench.code()).isZero();
    assertThat(bench.payload()).isEqualTo(Bytes.value("bench").toByteArray());
  }

  // ---- metadata

  @Test
  void goClientMetadataArrivesMergedAndLowerCased() throws Exception {
    String[] md = {"--md", "X-Trace=a", "--md", "x-trace=b", "--md", "Containerd-Namespace-Ttrpc=k8s.io",
        "--md", "x-trace=<c&d>"};
    GoClient.Result java = toJava.call(SVC, "Metadata", Empty.getDefaultInstance(), md);
    assertThat(java.code()).as("%s", java).isZero();
    String json = StringValue.parseFrom(java.payload()).getValue();
    assertThat(Json.object(json)).isEqualTo(Map.of(
        "x-trace", List.of("a", "b", "<c&d>"),
        "containerd-namespace-ttrpc", List.of("k8s.io")));
    // The Go server answers the very same bytes.
    GoClient.Result go = toGo.call(SVC, "Metadata", Empty.getDefaultInstance(), md);
    assertThat(java.payloadHex()).isEqualTo(go.payloadHex());
  }

  @Test
  void noMetadataIsAnEmptyMap() throws Exception {
    GoClient.Result r = toJava.call(SVC, "Metadata", Empty.getDefaultInstance());
    assertThat(StringValue.parseFrom(r.payload()).getValue()).isEqualTo("{}");
  }

  // ---- deadlines

  @Test
  void goCallerGetsDeadlineExceededAndTheJavaHandlerIsCancelled() {
    GoClient.Result r = toJava.call(SVC, "Sleep", Int64Value.of(60_000), "--timeout", "300ms");
    // Whichever fires first: the Go client's own context (a plain Go error) or the Java server's answer.
    assertThat(r.code() == Code.DEADLINE_EXCEEDED.number()
        || (r.code() == -1 && r.message().equals("context deadline exceeded")))
        .as("deadline exceeded, got %s", r).isTrue();
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> service.sleepsCancelled.get() == 1);
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> server.callsInFlight() == 0);
  }

  @Test
  void javaServerSeesTheDeadlineTheGoClientSent() throws Exception {
    GoClient.Result r = toJava.call(SVC, "Deadline", Empty.getDefaultInstance(), "--timeout", "5s");
    assertThat(r.code()).as("%s", r).isZero();
    long remaining = Int64Value.parseFrom(r.payload()).getValue();
    assertThat(remaining).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(5).toNanos());

    GoClient.Result none = toJava.call(SVC, "Deadline", Empty.getDefaultInstance());
    assertThat(Int64Value.parseFrom(none.payload()).getValue()).isEqualTo(-1);
  }

  // ---- statuses

  @ParameterizedTest
  @ValueSource(strings = {
      "1 stopped by the caller",
      "2 something odd",
      "3 bad argument: \"quoted\" and ünïcödé ✓",
      "5 container abc: not found",
      "6 task def: already exists",
      "9 failed precondition\nsecond line",
      "13 internal trouble",
      "14 try again later",
      "16 ",
  })
  void javaStatusesArriveIntactAndAsFromGo(String spec) {
    int sp = spec.indexOf(' ');
    int code = Integer.parseInt(spec.substring(0, sp));
    GoClient.Result java = toJava.call(SVC, "Fail", StringValue.of(spec));
    assertThat(java.code()).as("%s", java).isEqualTo(code);
    assertThat(java.message()).isEqualTo(spec.substring(sp + 1));
    GoClient.Result go = toGo.call(SVC, "Fail", StringValue.of(spec));
    assertThat(java.code()).isEqualTo(go.code());
    assertThat(java.message()).isEqualTo(go.message());
  }

  @Test
  void unknownServiceAndMethodAnswerAsTheGoServerDoes() {
    GoClient.Result noService = toJava.call("no.such.Service", "Echo", Bytes.value("x"));
    assertThat(noService.code()).isEqualTo(Code.UNIMPLEMENTED.number());
    assertThat(noService.message()).isEqualTo("service no.such.Service");
    GoClient.Result noMethod = toJava.call(SVC, "NoSuchMethod", Bytes.value("x"));
    assertThat(noMethod.code()).isEqualTo(Code.UNIMPLEMENTED.number());
    assertThat(noMethod.message()).isEqualTo("method NoSuchMethod");

    GoClient.Result goNoService = toGo.call("no.such.Service", "Echo", Bytes.value("x"));
    GoClient.Result goNoMethod = toGo.call(SVC, "NoSuchMethod", Bytes.value("x"));
    assertThat(List.of(noService.code(), noService.message(), noMethod.code(), noMethod.message()))
        .isEqualTo(List.of(goNoService.code(), goNoService.message(), goNoMethod.code(), goNoMethod.message()));
  }

  @Test
  void anUnparsableRequestPayloadIsTheCallersFaultOnTheJavaServer() {
    // A documented difference: Go answers INTERNAL, as if the server had failed; the Java server answers
    // INVALID_ARGUMENT, since the bytes the caller sent are what is wrong. Both keep the connection.
    byte[] truncated = Bytes.hex("ff"); // a tag varint cut short
    GoClient.Result go = toGo.call(SVC, "Echo", truncated);
    assertThat(go.code()).as("Go: %s", go).isEqualTo(Code.INTERNAL.number());
    GoClient.Result java = toJava.call(SVC, "Echo", truncated);
    assertThat(java.code()).as("Java: %s", java).isEqualTo(Code.INVALID_ARGUMENT.number());
    assertThat(java.message()).contains("ttrpc.interop.v1.Interop/Echo").contains("does not parse");
  }

  // ---- message size

  @Test
  void javaServerRefusesAnOversizedGoRequestAsTheGoServerDoes() {
    BytesValue fiveMib = Bytes.ofSize(5 << 20);
    GoClient.Result java = toJava.call(SVC, "Echo", fiveMib);
    assertThat(java.code()).as("%s", java).isEqualTo(Code.RESOURCE_EXHAUSTED.number());
    assertThat(java.message()).contains("maximum message size of 4194304");
    GoClient.Result go = toGo.call(SVC, "Echo", fiveMib);
    assertThat(go.code()).as("%s", go).isEqualTo(Code.RESOURCE_EXHAUSTED.number());
    // And the Java server is fine afterwards.
    assertThat(toJava.call(SVC, "Echo", Bytes.value("next")).payload()).isEqualTo(Bytes.value("next").toByteArray());
  }

  @Test
  void javaServerRefusesToSendAnOversizedResponse() {
    // The Go 1.1.1 server would send it, and the Go client panics on it; the Java server answers a status instead.
    GoClient.Result r = toJava.call(SVC, "Big", Int64Value.of(5 << 20));
    assertThat(r.code()).as("%s", r).isEqualTo(Code.RESOURCE_EXHAUSTED.number());
    GoClient.Result mib = toJava.call(SVC, "Big", Int64Value.of(1 << 20));
    assertThat(mib.payload()).isEqualTo(Bytes.ofSize(1 << 20).toByteArray());
  }

  // ---- concurrency

  @Test
  void twoHundredConcurrentGoCallsOnOneConnection() {
    GoClient.Concurrent r = toJava.concurrent(200, 64);
    assertThat(r).isEqualTo(new GoClient.Concurrent(200, 0, 0, ""));
    assertThat(connectionsSeen).hasSize(200).containsOnly(1);
  }
}
