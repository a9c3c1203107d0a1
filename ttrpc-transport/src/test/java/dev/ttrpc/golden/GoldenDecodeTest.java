package dev.ttrpc.golden;

import static dev.ttrpc.golden.GoldenFrames.NAMESPACE;
import static dev.ttrpc.golden.GoldenFrames.NAMESPACE_KEY;
import static dev.ttrpc.golden.GoldenFrames.bytes;
import static dev.ttrpc.golden.GoldenFrames.hex;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.BytesValue;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Empty;
import com.google.protobuf.UnknownFieldSet;
import dev.ttrpc.Code;
import dev.ttrpc.Metadata;
import dev.ttrpc.MethodDescriptor;
import dev.ttrpc.MethodType;
import dev.ttrpc.Status;
import dev.ttrpc.codec.Envelopes;
import dev.ttrpc.codec.FrameDecoder;
import dev.ttrpc.codec.FrameSink;
import dev.ttrpc.codec.Frames;
import dev.ttrpc.codec.RequestEnvelope;
import dev.ttrpc.codec.ResponseEnvelope;
import dev.ttrpc.golden.GoldenFrames.Dir;
import dev.ttrpc.golden.GoldenFrames.Golden;
import dev.ttrpc.testing.EchoService;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Decodes every recorded frame with the codec: frame cutting (whole, byte by byte, random splits) and envelopes. */
class GoldenDecodeTest {
  record Decoded(int streamId, int type, int flags, String payloadHex) {}

  /** Records what a decoder delivers, copying payloads (they are only valid during the call unless owned). */
  static final class Recorder implements FrameSink {
    final List<Decoded> frames = new ArrayList<>();
    final List<Boolean> owned = new ArrayList<>();
    final List<long[]> oversized = new ArrayList<>();

    @Override
    public void onFrame(int streamId, int type, int flags, byte[] payload, int offset, int length, boolean own) {
      frames.add(new Decoded(streamId, type, flags, hex(payload, offset, length)));
      owned.add(own);
    }

    @Override
    public void onOversizedFrame(int streamId, int type, int flags, long length, int limit) {
      oversized.add(new long[] {streamId, type, flags, length, limit});
    }
  }

  /** Feeds {@code data} to the decoder the way a connection does, in chunks of the sizes {@code chunk} gives. */
  static Recorder feed(FrameDecoder decoder, byte[] data, IntSupplier chunk) {
    Recorder sink = new Recorder();
    int pos = 0;
    while (pos < data.length) {
      int want = Math.min(Math.max(1, chunk.getAsInt()), data.length - pos);
      while (want > 0) {
        ByteBuffer target = decoder.readTarget();
        int n = Math.min(want, target.remaining());
        assertThat(n).as("decoder offers room to read into").isPositive();
        target.put(data, pos, n);
        pos += n;
        want -= n;
        decoder.process(sink);
      }
    }
    assertThat(decoder.hasPartialFrame()).as("no partial frame left at a frame boundary").isFalse();
    return sink;
  }

  static List<Decoded> expected(List<Golden> frames) {
    return frames.stream().map(g -> new Decoded(g.streamId(), g.type(), g.flags(), g.payloadHex())).toList();
  }

  static Stream<Arguments> sides() {
    return Stream.of(
        Arguments.of("shim client->server", GoldenFrames.sentBy(GoldenFrames.SHIM, Dir.CLIENT_TO_SERVER)),
        Arguments.of("shim server->client", GoldenFrames.sentBy(GoldenFrames.SHIM, Dir.SERVER_TO_CLIENT)),
        Arguments.of("go 1.2 client->server", GoldenFrames.sentBy(GoldenFrames.STREAMING, Dir.CLIENT_TO_SERVER)),
        Arguments.of("go 1.2 server->client", GoldenFrames.sentBy(GoldenFrames.STREAMING, Dir.SERVER_TO_CLIENT)));
  }

  @Test
  void annotatedHeadersMatchTheRecordedBytes() {
    for (Golden g : concatAll()) {
      RawFrame f = RawFrame.parse(g.hex());
      assertThat(f.payload().length).as(g.name()).isEqualTo(g.length());
      assertThat(f.streamId()).as(g.name()).isEqualTo(g.streamId());
      assertThat(f.type()).as(g.name()).isEqualTo(g.type());
      assertThat(f.flags()).as(g.name()).isEqualTo(g.flags());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sides")
  void wholeStream(String side, List<Golden> frames) {
    Recorder r = feed(new FrameDecoder(Frames.DEFAULT_MAX_MESSAGE_SIZE, 64 * 1024), GoldenFrames.concat(frames),
        () -> Integer.MAX_VALUE);
    assertThat(r.frames).containsExactlyElementsOf(expected(frames));
    assertThat(r.oversized).isEmpty();
    assertThat(r.owned).as("small frames are views of the shared buffer").containsOnly(false);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sides")
  void byteByByte(String side, List<Golden> frames) {
    Recorder r = feed(new FrameDecoder(Frames.DEFAULT_MAX_MESSAGE_SIZE, 64 * 1024), GoldenFrames.concat(frames),
        () -> 1);
    assertThat(r.frames).containsExactlyElementsOf(expected(frames));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sides")
  void randomSplits(String side, List<Golden> frames) {
    byte[] data = GoldenFrames.concat(frames);
    for (long seed = 1; seed <= 50; seed++) {
      Random random = new Random(seed);
      Recorder r = feed(new FrameDecoder(Frames.DEFAULT_MAX_MESSAGE_SIZE, 64 * 1024), data,
          () -> 1 + random.nextInt(40));
      assertThat(r.frames).as("seed %d", seed).containsExactlyElementsOf(expected(frames));
    }
  }

  /** A 20-byte read buffer sends every frame with more than 10 payload bytes down the large-frame path. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("sides")
  void tinyBufferRandomSplits(String side, List<Golden> frames) {
    byte[] data = GoldenFrames.concat(frames);
    for (long seed = 1; seed <= 50; seed++) {
      Random random = new Random(seed);
      Recorder r = feed(new FrameDecoder(Frames.DEFAULT_MAX_MESSAGE_SIZE, 20), data, () -> 1 + random.nextInt(30));
      assertThat(r.frames).as("seed %d", seed).containsExactlyElementsOf(expected(frames));
      for (int i = 0; i < frames.size(); i++) {
        if (frames.get(i).length() > 10) {
          assertThat(r.owned.get(i)).as("frame %s has its own array", frames.get(i).name()).isTrue();
        }
      }
    }
  }

  @Test
  void limitEqualToTheLargestRecordedFrameAcceptsEveryFrame() {
    List<Golden> all = GoldenFrames.sentBy(GoldenFrames.SHIM, Dir.CLIENT_TO_SERVER);
    int largest = all.stream().mapToInt(Golden::length).max().orElseThrow();
    Recorder r = feed(new FrameDecoder(largest, 64 * 1024), GoldenFrames.concat(all), () -> 7);
    assertThat(r.frames).containsExactlyElementsOf(expected(all));
    assertThat(r.oversized).isEmpty();

    Recorder smaller = feed(new FrameDecoder(largest - 1, 64 * 1024), GoldenFrames.concat(all), () -> 7);
    assertThat(smaller.oversized).hasSize(1);
    assertThat(smaller.oversized.get(0)).containsExactly(3, 1, 0, largest, largest - 1);
    assertThat(smaller.frames).hasSize(all.size() - 1).noneMatch(d -> d.streamId() == 3);
  }

  // ---------------------------------------------------------------- envelopes of the shim recording

  static RequestEnvelope request(String frameHex) {
    byte[] f = bytes(frameHex);
    return RequestEnvelope.decode(f, 10, f.length - 10, null, null, null);
  }

  static ResponseEnvelope response(String frameHex) {
    byte[] f = bytes(frameHex);
    return ResponseEnvelope.decode(f, 10, f.length - 10);
  }

  static String payloadHex(String frameHex, RequestEnvelope env) {
    return hex(bytes(frameHex), env.payloadOffset(), env.payloadLength());
  }

  static String payloadHex(String frameHex, ResponseEnvelope env) {
    return hex(bytes(frameHex), env.payloadOffset(), env.payloadLength());
  }

  @Test
  void shimRequests() {
    record Expect(String frame, String service, String method, String payload) {}
    List<Expect> cases = List.of(
        new Expect(GoldenFrames.SHIM_C1_CONNECT, "containerd.task.v2.Task", "Connect", "0a0470656572"),
        new Expect(GoldenFrames.SHIM_C3_CONNECT_UNKNOWN, "containerd.task.v2.Task", "Connect",
            "0a116e6f2d737563682d636f6e7461696e6572"),
        new Expect(GoldenFrames.SHIM_C5_STATE_UNKNOWN, "containerd.task.v2.Task", "State",
            "0a116e6f2d737563682d636f6e7461696e6572"),
        new Expect(GoldenFrames.SHIM_C7_KILL_UNKNOWN, "containerd.task.v2.Task", "Kill",
            "0a116e6f2d737563682d636f6e7461696e6572180f"),
        new Expect(GoldenFrames.SHIM_C9_STATE_UNKNOWN_EXEC, "containerd.task.v2.Task", "State",
            "0a0470656572120c6e6f2d737563682d65786563"),
        new Expect(GoldenFrames.SHIM_C11_NO_SUCH_METHOD, "containerd.task.v2.Task", "NoSuchMethod", "0a0470656572"),
        new Expect(GoldenFrames.SHIM_C13_NO_SUCH_SERVICE, "no.such.Service", "State", "0a0470656572"));
    for (Expect e : cases) {
      RequestEnvelope env = request(e.frame);
      assertThat(env.service()).isEqualTo(e.service);
      assertThat(env.method()).isEqualTo(e.method);
      assertThat(env.payloadPresent()).isTrue();
      assertThat(payloadHex(e.frame, env)).isEqualTo(e.payload);
      assertThat(env.timeoutNanos()).as("the shim's client sent no deadline").isZero();
      assertThat(env.metadata().size()).isEqualTo(1);
      assertThat(env.metadata().get(NAMESPACE_KEY)).isEqualTo(NAMESPACE);
      assertThat(env.metadata()).isEqualTo(Metadata.of(NAMESPACE_KEY, NAMESPACE));
    }
  }

  @Test
  void shimRequestPayloadsAreTheTaskMessages() throws IOException {
    // KillRequest{id:"no-such-container", signal:15}: field 1 bytes, field 3 varint.
    RequestEnvelope kill = request(GoldenFrames.SHIM_C7_KILL_UNKNOWN);
    UnknownFieldSet k = UnknownFieldSet.parseFrom(bytes(payloadHex(GoldenFrames.SHIM_C7_KILL_UNKNOWN, kill)));
    assertThat(k.getField(1).getLengthDelimitedList().get(0).toStringUtf8()).isEqualTo("no-such-container");
    assertThat(k.getField(3).getVarintList()).containsExactly(15L);
    // StateRequest{id:"peer", exec_id:"no-such-exec"}.
    RequestEnvelope state = request(GoldenFrames.SHIM_C9_STATE_UNKNOWN_EXEC);
    UnknownFieldSet s = UnknownFieldSet.parseFrom(bytes(payloadHex(GoldenFrames.SHIM_C9_STATE_UNKNOWN_EXEC, state)));
    assertThat(s.getField(1).getLengthDelimitedList().get(0).toStringUtf8()).isEqualTo("peer");
    assertThat(s.getField(2).getLengthDelimitedList().get(0).toStringUtf8()).isEqualTo("no-such-exec");
  }

  @Test
  void shimConnectResponses() throws IOException {
    ResponseEnvelope full = response(GoldenFrames.SHIM_S1_CONNECTED);
    assertThat(full.status()).isSameAs(Status.OK);
    String fullPayload = payloadHex(GoldenFrames.SHIM_S1_CONNECTED, full);
    assertThat(fullPayload).isEqualTo("08a0c90110b6c901");
    // ConnectResponse{shim_pid = 1 (uint32), task_pid = 2 (uint32)}, read field by field.
    CodedInputStream in = CodedInputStream.newInstance(bytes(fullPayload));
    assertThat(in.readTag()).isEqualTo(1 << 3);
    assertThat(in.readUInt32()).isEqualTo(25760);
    assertThat(in.readTag()).isEqualTo(2 << 3);
    assertThat(in.readUInt32()).isEqualTo(25782);
    assertThat(in.isAtEnd()).isTrue();

    ResponseEnvelope shimOnly = response(GoldenFrames.SHIM_S3_CONNECTED_SHIM_ONLY);
    assertThat(shimOnly.status().isOk()).isTrue();
    UnknownFieldSet f = UnknownFieldSet.parseFrom(bytes(payloadHex(GoldenFrames.SHIM_S3_CONNECTED_SHIM_ONLY,
        shimOnly)));
    assertThat(f.getField(1).getVarintList()).containsExactly(25760L);
    assertThat(f.hasField(2)).as("no task pid for a container that is not created").isFalse();
  }

  @Test
  void shimErrorResponses() {
    record Expect(String frame, Code code, String message) {}
    List<Expect> cases = List.of(
        new Expect(GoldenFrames.SHIM_S5_NOT_FOUND, Code.NOT_FOUND, "container not created: not found"),
        new Expect(GoldenFrames.SHIM_S7_NOT_FOUND, Code.NOT_FOUND, "container not created: not found"),
        new Expect(GoldenFrames.SHIM_S9_EXEC_NOT_FOUND, Code.NOT_FOUND,
            "process does not exist no-such-exec: not found"),
        new Expect(GoldenFrames.SHIM_S11_UNIMPLEMENTED_METHOD, Code.UNIMPLEMENTED, "method NoSuchMethod"),
        new Expect(GoldenFrames.SHIM_S13_UNIMPLEMENTED_SERVICE, Code.UNIMPLEMENTED, "service no.such.Service"));
    for (Expect e : cases) {
      ResponseEnvelope env = response(e.frame);
      assertThat(env.status().code()).isEqualTo(e.code);
      assertThat(env.status().message()).isEqualTo(e.message);
      assertThat(env.status().details()).isEmpty();
      assertThat(env.payloadLength()).isZero();
    }
  }

  // ---------------------------------------------------------------- envelopes of the Go 1.2 recording

  @Test
  void streamingRequests() {
    record Expect(String frame, String method, boolean payloadPresent, String payload) {}
    List<Expect> cases = List.of(
        new Expect(GoldenFrames.STREAM_C1_ECHO, "Echo", true, "0a0f68656c6c6f20747472706320312e32"),
        new Expect(GoldenFrames.STREAM_C3_REPEAT, "Repeat", true, "0a0403616263"),
        new Expect(GoldenFrames.STREAM_C5_SUM, "Sum", false, ""),
        new Expect(GoldenFrames.STREAM_C7_CHAT, "Chat", false, ""),
        new Expect(GoldenFrames.STREAM_C9_ECHO_EMPTY, "Echo", false, ""),
        new Expect(GoldenFrames.STREAM_C13_REPEAT_ZERO, "Repeat", true, "0a0100"),
        new Expect(GoldenFrames.STREAM_C15_SUM_EMPTY, "Sum", false, ""),
        new Expect(GoldenFrames.STREAM_C21_UNKNOWN_METHOD, "NoSuchMethod", true, "0a0178"));
    for (Expect e : cases) {
      RequestEnvelope env = request(e.frame);
      assertThat(env.service()).isEqualTo(GoldenFrames.ECHO_SERVICE);
      assertThat(env.method()).isEqualTo(e.method);
      assertThat(env.payloadPresent()).as(e.method + " payload field on the wire").isEqualTo(e.payloadPresent);
      assertThat(payloadHex(e.frame, env)).isEqualTo(e.payload);
      assertThat(env.timeoutNanos()).isZero();
      assertThat(env.metadata().isEmpty()).as("Go 1.2 sends no metadata here").isTrue();
    }
  }

  @Test
  void streamingResponses() throws IOException {
    ResponseEnvelope echo = response(GoldenFrames.STREAM_S1_ECHO);
    assertThat(echo.status()).isSameAs(Status.OK);
    assertThat(BytesValue.parseFrom(bytes(payloadHex(GoldenFrames.STREAM_S1_ECHO, echo))).getValue().toStringUtf8())
        .isEqualTo("hello ttrpc 1.2");

    ResponseEnvelope sum = response(GoldenFrames.STREAM_S5_SUM);
    assertThat(sum.status().isOk()).isTrue();
    assertThat(BytesValue.parseFrom(bytes(payloadHex(GoldenFrames.STREAM_S5_SUM, sum))).getValue().toStringUtf8())
        .isEqualTo("foobarbaz");

    for (String empty : List.of(GoldenFrames.STREAM_S9_ECHO_EMPTY, GoldenFrames.STREAM_S15_SUM_EMPTY)) {
      ResponseEnvelope env = response(empty);
      assertThat(env.status()).as("an absent status is OK").isSameAs(Status.OK);
      assertThat(env.payloadLength()).isZero();
    }

    ResponseEnvelope unknown = response(GoldenFrames.STREAM_S21_UNKNOWN_METHOD);
    assertThat(unknown.status()).isEqualTo(Status.of(Code.UNIMPLEMENTED, "method NoSuchMethod"));
    assertThat(unknown.payloadLength()).isZero();
  }

  @Test
  void dataFramesAreBareMessages() throws IOException {
    assertThat(BytesValue.parseFrom(RawFrame.parse(GoldenFrames.STREAM_S3_REPEAT_DATA).payload()).getValue()
        .toByteArray()).containsExactly(3, 'a', 'b', 'c');
    assertThat(BytesValue.parseFrom(RawFrame.parse(GoldenFrames.STREAM_C5_SUM_FOO).payload()).getValue()
        .toStringUtf8()).isEqualTo("foo");
    assertThat(BytesValue.parseFrom(RawFrame.parse(GoldenFrames.STREAM_7_PING2).payload()).getValue()
        .toStringUtf8()).isEqualTo("ping-2");
    RawFrame emptyMessage = RawFrame.parse(GoldenFrames.STREAM_19_EMPTY_MSG);
    assertThat(emptyMessage.flags() & Frames.FLAG_NO_DATA).as("an empty message is not no-data").isZero();
    assertThat(BytesValue.parseFrom(emptyMessage.payload())).isEqualTo(BytesValue.getDefaultInstance());
    RawFrame close = RawFrame.parse(GoldenFrames.STREAM_S3_REPEAT_END);
    assertThat(close.flags()).isEqualTo(Frames.FLAG_REMOTE_CLOSED | Frames.FLAG_NO_DATA);
  }

  // ---------------------------------------------------------------- prefix cache and encoding at codec level

  static final MethodDescriptor<BytesValue, Empty> TASK_CONNECT = MethodDescriptor.of(GoldenFrames.TASK_SERVICE,
      "Connect", MethodType.UNARY, BytesValue.parser(), Empty.parser());

  @Test
  void envelopePrefixIsTheRecordedServiceAndMethod() {
    byte[] prefix = TASK_CONNECT.envelopePrefix();
    assertThat(hex(prefix)).isEqualTo(RawFrame.parse(GoldenFrames.SHIM_C1_CONNECT).hex().substring(20, 20
        + 2 * prefix.length));
    assertThat(hex(EchoService.ECHO.envelopePrefix())).isEqualTo(
        "0a1374747270632e62656e63682e76312e4563686f12044563686f");
  }

  @Test
  void knownPrefixIsUsedOnlyWhenItMatches() {
    byte[] connect = bytes(GoldenFrames.SHIM_C1_CONNECT);
    RequestEnvelope hit = RequestEnvelope.decode(connect, 10, connect.length - 10, TASK_CONNECT.service(),
        TASK_CONNECT.method(), TASK_CONNECT.envelopePrefix());
    assertThat(hit.service()).isEqualTo(GoldenFrames.TASK_SERVICE);
    assertThat(hit.method()).isEqualTo("Connect");
    assertThat(hex(connect, hit.payloadOffset(), hit.payloadLength())).isEqualTo("0a0470656572");
    assertThat(hit.metadata().get(NAMESPACE_KEY)).isEqualTo(NAMESPACE);

    byte[] kill = bytes(GoldenFrames.SHIM_C7_KILL_UNKNOWN);
    RequestEnvelope miss = RequestEnvelope.decode(kill, 10, kill.length - 10, TASK_CONNECT.service(),
        TASK_CONNECT.method(), TASK_CONNECT.envelopePrefix());
    assertThat(miss.method()).isEqualTo("Kill");
    assertThat(miss.service()).isEqualTo(GoldenFrames.TASK_SERVICE);
  }

  @Test
  void envelopesEncodeTheRecordedBytes() throws IOException {
    // Request of the shim's first call.
    BytesValue peer = BytesValue.parseFrom(bytes("0a0470656572"));
    Metadata md = Metadata.of(NAMESPACE_KEY, NAMESPACE);
    byte[] prefix = TASK_CONNECT.envelopePrefix();
    int len = Envelopes.requestLength(prefix, peer.getSerializedSize(), 0, md);
    byte[] out = new byte[len + 3];
    // Direct, as the writer uses it; then copied out to compare.
    java.nio.ByteBuffer direct = java.nio.ByteBuffer.allocateDirect(len + 3).position(3);
    Envelopes.writeRequest(direct, len, prefix, peer, peer.getSerializedSize(), 0, md);
    assertThat(direct.position()).isEqualTo(len + 3);
    direct.flip().get(out);
    assertThat(hex(out, 3, len)).isEqualTo(RawFrame.parse(GoldenFrames.SHIM_C1_CONNECT).hex().substring(20));

    // Echo of an empty message: no payload field.
    BytesValue empty = BytesValue.getDefaultInstance();
    byte[] echoPrefix = EchoService.ECHO.envelopePrefix();
    int elen = Envelopes.requestLength(echoPrefix, 0, 0, Metadata.empty());
    byte[] eout = new byte[elen];
    Envelopes.writeRequest(java.nio.ByteBuffer.wrap(eout), elen, echoPrefix, empty, 0, 0, Metadata.empty());
    assertThat(hex(eout)).isEqualTo(RawFrame.parse(GoldenFrames.STREAM_C9_ECHO_EMPTY).hex().substring(20));

    // NotFound error, and a successful ConnectResponse without status.
    com.google.rpc.Status notFound = Status.of(Code.NOT_FOUND, "container not created: not found").toProto();
    int rlen = Envelopes.responseLength(notFound, 0);
    byte[] rout = new byte[rlen];
    Envelopes.writeResponse(java.nio.ByteBuffer.wrap(rout), rlen, notFound, null, 0);
    assertThat(hex(rout)).isEqualTo(RawFrame.parse(GoldenFrames.SHIM_S5_NOT_FOUND).hex().substring(20));

    Empty connected = Empty.parseFrom(bytes("08a0c90110b6c901"));
    int slen = Envelopes.responseLength(null, connected.getSerializedSize());
    byte[] sout = new byte[slen];
    Envelopes.writeResponse(java.nio.ByteBuffer.wrap(sout), slen, null, connected, connected.getSerializedSize());
    assertThat(hex(sout)).isEqualTo("120808a0c90110b6c901");

    assertThat(Envelopes.responseLength(null, 0)).as("an empty success is a header-only frame").isZero();
  }

  private static List<Golden> concatAll() {
    List<Golden> all = new ArrayList<>(GoldenFrames.SHIM);
    all.addAll(GoldenFrames.STREAMING);
    return all;
  }

  @Test
  void everyRecordedFrameSurvivesARoundTripThroughTheDecoder() {
    for (Golden g : concatAll()) {
      Recorder r = feed(new FrameDecoder(Frames.DEFAULT_MAX_MESSAGE_SIZE, 64 * 1024), g.bytes(), () -> 3);
      assertThat(r.frames).as(g.name()).hasSize(1);
      Decoded d = r.frames.get(0);
      RawFrame again = new RawFrame(d.streamId(), d.type(), d.flags(), bytes(d.payloadHex()));
      assertThat(Arrays.equals(again.bytes(), g.bytes())).as(g.name()).isTrue();
    }
  }
}
