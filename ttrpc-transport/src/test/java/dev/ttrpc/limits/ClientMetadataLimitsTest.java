package dev.ttrpc.limits;

import static dev.ttrpc.golden.CallOutcomes.failure;
import static dev.ttrpc.golden.CallOutcomes.result;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import dev.ttrpc.Code;
import dev.ttrpc.Metadata;
import dev.ttrpc.TtrpcException;
import dev.ttrpc.client.CallOptions;
import dev.ttrpc.client.TtrpcClient;
import dev.ttrpc.codec.proto.Request;
import dev.ttrpc.golden.FakeServerConnection;
import dev.ttrpc.golden.RawFrame;
import dev.ttrpc.golden.RawPeer;
import dev.ttrpc.testing.EchoService;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client refuses to send metadata over its limits: the call fails at once with RESOURCE_EXHAUSTED and nothing
 * reaches the wire (a fake server sees the next, valid call as the connection's first frame).
 */
@Timeout(60)
class ClientMetadataLimitsTest {
  @AutoClose
  private final FakeServerConnection connection = FakeServerConnection.open(builder -> builder.metadataLimits(3, 50));
  private final TtrpcClient client = connection.client();
  private final RawPeer server = connection.server();

  static BytesValue bv(String s) {
    return BytesValue.of(ByteString.copyFromUtf8(s));
  }

  @Test
  void tooManyEntriesFailLocallyAndAreNeverWritten() throws Exception {
    CallOptions four = CallOptions.DEFAULT.withMetadata(Metadata.of("a", "1", "b", "2", "c", "3", "d", "4"));
    TtrpcException e = failure(client.callAsync(EchoService.ECHO, bv("x"), four));
    assertThat(e.code()).isEqualTo(Code.RESOURCE_EXHAUSTED);
    assertThat(e.getMessage()).contains("4 entries").contains("limit of 3").contains("maxMetadataEntries");
    expectNextCallIsTheFirstOnTheWire();
  }

  @Test
  void tooManyBytesFailLocallyAndAreNeverWritten() throws Exception {
    CallOptions big = CallOptions.DEFAULT.withMetadata(Metadata.of("k", "v".repeat(50)));
    TtrpcException e = failure(client.callAsync(EchoService.ECHO, bv("x"), big));
    assertThat(e.code()).isEqualTo(Code.RESOURCE_EXHAUSTED);
    assertThat(e.getMessage()).contains("51 bytes").contains("limit of 50").contains("maxMetadataBytes");
    expectNextCallIsTheFirstOnTheWire();
  }

  private void expectNextCallIsTheFirstOnTheWire() throws Exception {
    CallOptions within = CallOptions.DEFAULT.withMetadata(Metadata.of("a", "1", "b", "2", "c", "v".repeat(45)));
    // 3 entries, 50 bytes: exactly the limits.
    CompletableFuture<BytesValue> ok = client.callAsync(EchoService.ECHO, bv("ok"), within);
    RawFrame first = server.readFrame();
    assertThat(first.type()).isEqualTo(RawFrame.REQUEST);
    assertThat(Request.parseFrom(first.payload()).getMetadataCount()).as("the refused call wrote nothing")
        .isEqualTo(3);
    server.send(RawPeer.response(first.streamId(), bv("ok").toByteArray()));
    assertThat(result(ok)).isEqualTo(bv("ok"));
  }
}
