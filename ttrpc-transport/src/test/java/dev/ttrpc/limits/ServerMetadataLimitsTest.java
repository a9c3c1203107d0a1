package dev.ttrpc.limits;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Empty;
import com.google.protobuf.StringValue;
import dev.ttrpc.Code;
import dev.ttrpc.codec.proto.KeyValue;
import dev.ttrpc.codec.proto.Request;
import dev.ttrpc.codec.proto.Response;
import dev.ttrpc.golden.RawFrame;
import dev.ttrpc.golden.RawPeer;
import dev.ttrpc.server.TtrpcServer;
import dev.ttrpc.testing.EchoService;
import dev.ttrpc.testing.TestSockets;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The server's bounds on request metadata: a request over them is answered RESOURCE_EXHAUSTED on its own stream,
 * with a message naming the limit and what was seen, and the connection goes on serving.
 */
@Timeout(60)
class ServerMetadataLimitsTest {
  private TestSockets sockets;
  private TtrpcServer server;

  @BeforeEach
  void start() throws IOException {
    sockets = new TestSockets();
    server = TtrpcServer.builder(sockets.address("m.sock"))
        .service(EchoService.definition())
        .maxMetadataEntries(4)
        .maxMetadataBytes(100)
        .build()
        .start();
  }

  @AfterEach
  void stop() {
    server.close();
    sockets.close();
  }

  /** A Metadata request (answers the metadata it saw) carrying {@code entries} pairs of key kN and {@code value}. */
  static RawFrame metadataRequest(int streamId, int entries, String value) {
    Request.Builder r = Request.newBuilder().setService(EchoService.NAME).setMethod("Metadata")
        .setPayload(Empty.getDefaultInstance().toByteString());
    for (int i = 0; i < entries; i++) {
      r.addMetadata(KeyValue.newBuilder().setKey("k" + i).setValue(value));
    }
    return new RawFrame(streamId, RawFrame.REQUEST, 0, r.build().toByteArray());
  }

  static Response answer(RawPeer peer, int streamId) throws IOException {
    RawFrame f = peer.readFrame();
    assertThat(f.streamId()).as("stream of %s", f).isEqualTo(streamId);
    return RawPeer.envelope(f);
  }

  @Test
  void tooManyEntriesAreRefusedOnTheirStreamAndTheConnectionGoesOn() throws IOException {
    try (RawPeer p = RawPeer.connect(sockets.path("m.sock"))) {
      p.send(metadataRequest(1, 7, "v"));
      Response refused = answer(p, 1);
      assertThat(Code.forNumber(refused.getStatus().getCode())).isEqualTo(Code.RESOURCE_EXHAUSTED);
      assertThat(refused.getStatus().getMessage()).contains("7 entries").contains("limit of 4")
          .contains("maxMetadataEntries");

      p.send(metadataRequest(3, 4, "v"));
      Response served = answer(p, 3);
      assertThat(served.hasStatus()).as("exactly the limit is served").isFalse();
      assertThat(StringValue.parseFrom(served.getPayload()).getValue()).isEqualTo("k0=v\nk1=v\nk2=v\nk3=v\n");
    }
  }

  @Test
  void tooManyBytesAreRefusedOnTheirStreamAndTheConnectionGoesOn() throws IOException {
    try (RawPeer p = RawPeer.connect(sockets.path("m.sock"))) {
      // Two entries of key "kN" (2 bytes) and a 49-byte value: 102 bytes, two over the limit.
      p.send(metadataRequest(1, 2, "x".repeat(49)));
      Response refused = answer(p, 1);
      assertThat(Code.forNumber(refused.getStatus().getCode())).isEqualTo(Code.RESOURCE_EXHAUSTED);
      assertThat(refused.getStatus().getMessage()).contains("102 bytes").contains("limit of 100")
          .contains("maxMetadataBytes");

      p.send(metadataRequest(3, 2, "x".repeat(48)));
      Response served = answer(p, 3);
      assertThat(served.hasStatus()).as("100 bytes, exactly the limit, is served").isFalse();
    }
  }

  @Test
  void defaultsFitContainerdsNamespaceAndTraceHeaders() {
    assertThat(dev.ttrpc.MetadataLimits.DEFAULT.violation(dev.ttrpc.Metadata.of(
        "containerd-namespace-ttrpc", "k8s.io",
        "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))).isNull();
    assertThat(dev.ttrpc.MetadataLimits.DEFAULT.maxEntries()).isEqualTo(64);
    assertThat(dev.ttrpc.MetadataLimits.DEFAULT.maxBytes()).isEqualTo(16 << 10);
  }

  @Test
  void refusedMetadataOfAnOpenedStreamLeavesNoCallBehind() throws IOException {
    try (RawPeer p = RawPeer.connect(sockets.path("m.sock"))) {
      Request.Builder r = Request.newBuilder().setService(EchoService.NAME).setMethod("Chat");
      for (int i = 0; i < 5; i++) {
        r.addMetadata(KeyValue.newBuilder().setKey("k").setValue("v"));
      }
      p.send(new RawFrame(1, RawFrame.REQUEST, 0x02, r.build().toByteArray()));
      assertThat(Code.forNumber(answer(p, 1).getStatus().getCode())).isEqualTo(Code.RESOURCE_EXHAUSTED);
      assertThat(server.callsInFlight()).isZero();
    }
  }
}
