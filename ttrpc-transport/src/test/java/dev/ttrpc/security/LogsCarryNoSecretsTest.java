package dev.ttrpc.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import com.google.protobuf.Int64Value;
import dev.ttrpc.Code;
import dev.ttrpc.MethodDescriptor;
import dev.ttrpc.MethodType;
import dev.ttrpc.TtrpcException;
import dev.ttrpc.client.CallOptions;
import dev.ttrpc.client.ClientStream;
import dev.ttrpc.client.TtrpcClient;
import dev.ttrpc.codec.proto.KeyValue;
import dev.ttrpc.codec.proto.Request;
import dev.ttrpc.golden.RawFrame;
import dev.ttrpc.golden.RawPeer;
import dev.ttrpc.server.ServiceDefinition;
import dev.ttrpc.server.TtrpcServer;
import dev.ttrpc.testing.EchoService;
import dev.ttrpc.testing.Poll;
import dev.ttrpc.testing.TestSockets;
import dev.ttrpc.testing.TraceLogCapture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Payloads and metadata values may carry process arguments, environment or credentials, so the transport must
 * never log them, not even at TRACE. Every call here carries a unique marker in its payload and metadata values;
 * the test runs good and bad traffic of every kind with all transport loggers at TRACE and looks for the marker in
 * everything logged.
 */
@Timeout(60)
class LogsCarryNoSecretsTest {
  private static final String SECRET = "s3cr3t-" + UUID.randomUUID();
  private static final ByteString SECRET_BYTES = ByteString.copyFromUtf8("payload " + SECRET);
  private static final String SECRET_METADATA = "value-" + SECRET;
  private static final MethodDescriptor<BytesValue, BytesValue> BROKEN = MethodDescriptor.of(EchoService.NAME + "X",
      "Broken", MethodType.UNARY, BytesValue.parser(), BytesValue.parser());
  private static final int MAX_MESSAGE = 4096;

  @Test
  void noTrafficGoodOrBadPutsPayloadsOrMetadataValuesInTheLog() throws Exception {
    String logged;
    try (TraceLogCapture log = new TraceLogCapture(); TestSockets sockets = new TestSockets()) {
      assertThat(log.traceEnabled(TtrpcServer.class)).as("transport loggers at TRACE during the capture").isTrue();
      try (TtrpcServer server = TtrpcServer.builder(sockets.address("s.sock"))
          .service(EchoService.definition())
          .service(ServiceDefinition.builder(EchoService.NAME + "X")
              .unary(BROKEN, (req, ctx) -> {
                throw new IllegalStateException("handler broke on purpose");
              }).build())
          .maxMessageSize(MAX_MESSAGE)
          .maxMetadataEntries(4)
          .maxMetadataBytes(200)
          .build().start()) {
        goodCalls(sockets);
        failingHandler(sockets);
        refusedByLimits(sockets);
        malformedFrames(sockets);
        oversizedMessages(sockets);
        Poll.until("the server to see every raw connection close", () -> server.connectionCount() == 0);
      }
      refusedHandshake(sockets);
      Poll.until(Duration.ofSeconds(30), () -> log.text().contains("refused a peer"),
          () -> "the refused handshake to be logged; log so far:\n" + log.text());
      logged = log.text();
    }
    assertThat(logged).as("the capture saw the transport's DEBUG lines, so it could have seen a leak")
        .contains("listening on").contains("refused a peer");
    assertThat(logged).as("everything logged").doesNotContain(SECRET);
  }

  private static CallOptions secretMetadata() {
    return CallOptions.DEFAULT.withHeader("authorization", SECRET_METADATA);
  }

  private static void goodCalls(TestSockets sockets) throws Exception {
    try (TtrpcClient client = TtrpcClient.connect(sockets.address("s.sock"))) {
      BytesValue echoed = client.call(EchoService.ECHO, BytesValue.of(SECRET_BYTES), secretMetadata());
      assertThat(echoed.getValue()).isEqualTo(SECRET_BYTES);
      assertThat(client.call(EchoService.METADATA, com.google.protobuf.Empty.getDefaultInstance(), secretMetadata())
          .getValue()).contains(SECRET_METADATA);
      ClientStream<BytesValue, BytesValue> chat = client.openStream(EchoService.CHAT, secretMetadata());
      chat.send(BytesValue.of(SECRET_BYTES));
      assertThat(chat.receive().getValue()).isEqualTo(SECRET_BYTES);
      chat.closeSend();
      assertThat(chat.receive()).isNull();
    }
  }

  private static void failingHandler(TestSockets sockets) {
    try (TtrpcClient client = TtrpcClient.connect(sockets.address("s.sock"))) {
      assertThatThrownBy(() -> client.call(BROKEN, BytesValue.of(SECRET_BYTES), secretMetadata()))
          .isInstanceOf(TtrpcException.class).hasMessageContaining("handler broke on purpose");
      assertThatThrownBy(() -> client.call(EchoService.FAIL,
          com.google.protobuf.StringValue.of(Code.INVALID_ARGUMENT.number() + " not secret"), secretMetadata()))
          .isInstanceOf(TtrpcException.class).hasMessageContaining("not secret");
    }
  }

  private static void refusedByLimits(TestSockets sockets) throws IOException {
    // A server of its own: with one call per connection, back-to-back calls elsewhere in this test could be refused
    // before the server has released the previous call's slot.
    try (TtrpcServer oneCall = TtrpcServer.builder(sockets.address("one.sock")).service(EchoService.definition())
        .maxCallsPerConnection(1).build().start();
        RawPeer peer = RawPeer.connect(sockets.path("one.sock"))) {
      // A sleeping call holds the only slot, so the next is refused.
      peer.send(request(1, "Sleep", Int64Value.of(20_000).toByteString(), 0, SECRET_METADATA));
      peer.send(request(3, "Echo", BytesValue.of(SECRET_BYTES).toByteString(), 0, SECRET_METADATA));
      assertThat(RawPeer.envelope(peer.readFrame()).getStatus().getCode())
          .as("the call over maxCallsPerConnection").isEqualTo(Code.RESOURCE_EXHAUSTED.number());
    }
    try (RawPeer peer = RawPeer.connect(sockets.path("s.sock"))) {
      peer.send(request(1, "Echo", BytesValue.of(SECRET_BYTES).toByteString(), 7, SECRET_METADATA));
      assertThat(RawPeer.envelope(peer.readFrame()).getStatus().getCode())
          .as("a request with too many metadata entries").isEqualTo(Code.RESOURCE_EXHAUSTED.number());
      peer.send(request(3, "Echo", BytesValue.of(SECRET_BYTES).toByteString(), 1, SECRET_METADATA.repeat(10)));
      assertThat(RawPeer.envelope(peer.readFrame()).getStatus().getCode())
          .as("a request with too many metadata bytes").isEqualTo(Code.RESOURCE_EXHAUSTED.number());
    }
  }

  private static void malformedFrames(TestSockets sockets) throws IOException {
    byte[] secret = ("garbage " + SECRET).getBytes(StandardCharsets.UTF_8);
    // A request envelope that is not protobuf, an unknown frame type, an even (server-side) stream id: whether the
    // server answers or hangs up, the peer then half-closes and reads to the end.
    int[][] frames = {{1, RawFrame.REQUEST}, {1, 0x7f}, {2, RawFrame.REQUEST}, {1, RawFrame.DATA}};
    for (int[] frame : frames) {
      try (RawPeer peer = RawPeer.connect(sockets.path("s.sock"))) {
        peer.sendFrame(frame[0], frame[1], 0, secret);
        peer.shutdownOutput();
        peer.readUntilClosed();
      }
    }
    try (RawPeer peer = RawPeer.connect(sockets.path("s.sock"))) {
      peer.send(request(1, "NoSuchMethod", BytesValue.of(SECRET_BYTES).toByteString(), 1, SECRET_METADATA));
      assertThat(RawPeer.envelope(peer.readFrame()).getStatus().getCode()).isEqualTo(Code.UNIMPLEMENTED.number());
    }
    try (RawPeer peer = RawPeer.connect(sockets.path("s.sock"))) {
      peer.send(secret);
      peer.shutdownOutput();
      peer.readUntilClosed();
    }
  }

  private static void oversizedMessages(TestSockets sockets) throws IOException {
    ByteString big = ByteString.copyFromUtf8(SECRET.repeat(MAX_MESSAGE / SECRET.length() + 1));
    try (RawPeer peer = RawPeer.connect(sockets.path("s.sock"))) {
      peer.send(request(1, "Echo", BytesValue.of(big).toByteString(), 1, SECRET_METADATA));
      assertThat(RawPeer.envelope(peer.readFrame()).getStatus().getCode())
          .as("a request over maxMessageSize").isEqualTo(Code.RESOURCE_EXHAUSTED.number());
    }
    try (TtrpcClient client = TtrpcClient.builder(sockets.address("s.sock")).maxMessageSize(MAX_MESSAGE).build()) {
      assertThatThrownBy(() -> client.call(EchoService.ECHO, BytesValue.of(big), secretMetadata()))
          .isInstanceOf(TtrpcException.class);
    }
  }

  private static void refusedHandshake(TestSockets sockets) throws IOException {
    try (TtrpcServer refusing = TtrpcServer.builder(sockets.address("r.sock"))
        .service(EchoService.definition())
        .handshake(peer -> "refused by this test's handshake")
        .build().start();
        TtrpcClient client = TtrpcClient.builder(sockets.address("r.sock")).reconnect(false, dev.ttrpc.client.Backoff.DEFAULT).build()) {
      assertThatThrownBy(() -> client.call(EchoService.ECHO, BytesValue.of(SECRET_BYTES), secretMetadata()))
          .isInstanceOf(TtrpcException.class);
      assertThat(refusing.connectionCount()).isZero();
    }
  }

  private static RawFrame request(int streamId, String method, ByteString payload, int entries, String value) {
    Request.Builder r = Request.newBuilder().setService(EchoService.NAME).setMethod(method).setPayload(payload);
    for (int i = 0; i < entries; i++) {
      r.addMetadata(KeyValue.newBuilder().setKey("k" + i).setValue(value));
    }
    return new RawFrame(streamId, RawFrame.REQUEST, 0, r.build().toByteArray());
  }
}
