package dev.ttrpc.robustness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import com.google.protobuf.Empty;
import com.google.protobuf.StringValue;
import dev.ttrpc.Code;
import dev.ttrpc.MethodDescriptor;
import dev.ttrpc.MethodType;
import dev.ttrpc.TtrpcException;
import dev.ttrpc.client.Backoff;
import dev.ttrpc.client.TtrpcClient;
import dev.ttrpc.codec.Frames;
import dev.ttrpc.codec.proto.Request;
import dev.ttrpc.codec.proto.Response;
import dev.ttrpc.golden.GoldenFrames;
import dev.ttrpc.golden.RawFrame;
import dev.ttrpc.golden.RawPeer;
import dev.ttrpc.server.ServiceDefinition;
import dev.ttrpc.server.TtrpcServer;
import dev.ttrpc.testing.EchoService;
import dev.ttrpc.testing.TestSockets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad frames: lengths, envelopes, stream ids, Data frames, unknown types, truncation and garbage. */
class ServerFrameRobustnessTest extends RobustServerFixture {
  // ---------------------------------------------------------------- frame length

  @ParameterizedTest(name = "max {0}")
  @ValueSource(ints = {1024, 4 << 20})
  void oversizedRequestIsRefusedOnItsStreamAndTheLimitItselfIsAccepted(int max) throws IOException {
    start(max);
    try (RawPeer p = peer()) {
      RawFrame tooBig = echoOfSize(1, max + 1);
      p.send(tooBig);
      Response refused = expectError(p, 1, Code.RESOURCE_EXHAUSTED);
      assertThat(refused.getStatus().getMessage()).contains(Integer.toString(max + 1));

      RawFrame justRight = echoOfSize(3, max);
      p.send(justRight);
      RawFrame answer = p.readFrame();
      assertThat(answer.streamId()).isEqualTo(3);
      Response env = RawPeer.envelope(answer);
      assertThat(env.hasStatus()).isFalse();
      assertThat(env.getPayload()).isEqualTo(Request.parseFrom(justRight.payload()).getPayload());

      expectEchoWorks(p, 5);
    }
    expectOthersServed();
  }

  @Test
  void oversizedDataFrameFailsItsStreamOnly() throws IOException {
    start(1024);
    try (RawPeer p = peer()) {
      p.send(RawPeer.request(1, Frames.FLAG_REMOTE_OPEN, EchoService.NAME, "Chat", null));
      p.sendFrame(1, RawFrame.DATA, 0, new byte[1025]);
      expectError(p, 1, Code.RESOURCE_EXHAUSTED);
      awaitNoCallInFlight();
      expectEchoWorks(p, 3);
    }
    expectOthersServed();
  }

  static Stream<Arguments> hugeLengths() {
    return Stream.of(
        Arguments.of(0xFFFFFFFFL, RawFrame.REQUEST),
        Arguments.of(0x80000000L, RawFrame.REQUEST),
        Arguments.of(0xFFFFFFFFL, RawFrame.DATA));
  }

  /**
   * A header declaring 4 GiB or 2 GiB is answered at once, before any payload exists (so nothing waited for, or
   * allocated, those bytes). Documented behaviour: the connection stays open while the server skips the declared
   * length (bytes sent after the header are swallowed as that payload); when the peer ends its side mid-skip, the
   * server closes that connection cleanly. Other connections are unaffected throughout.
   */
  @ParameterizedTest(name = "length {0} type {1}")
  @MethodSource("hugeLengths")
  void hugeLengthFieldIsRefusedWithoutWaitingForThePayload(long length, int type) throws IOException {
    start();
    try (RawPeer p = peer()) {
      p.sendHeader(length, 1, type, 0);
      Response refused = expectError(p, 1, Code.RESOURCE_EXHAUSTED);
      assertThat(refused.getStatus().getMessage()).contains(Long.toString(length));
      expectOthersServed();
      p.send(new byte[100_000]);
      expectOthersServed();
      expectClosedByServerAfterOurEof(p);
    }
    expectOthersServed();
  }

  // ---------------------------------------------------------------- malformed Request envelopes

  static final String ECHO_PREFIX = "0a1374747270632e62656e63682e76312e4563686f12044563686f";

  static Stream<Arguments> malformedEnvelopes() {
    return Stream.of(
        Arguments.of("garbage: unterminated varint", "ffffffffff"),
        Arguments.of("garbage: tag varint over 32 bits", "ffffffffffffffffff01"),
        Arguments.of("field number 0", "0200"),
        Arguments.of("length beyond the end", "0a7f41"),
        Arguments.of("truncated varint in timeout", ECHO_PREFIX + "20ff"),
        Arguments.of("truncated length of payload", ECHO_PREFIX + "1a"),
        Arguments.of("service with wire type varint", "0801" + ECHO_PREFIX.substring(42)),
        Arguments.of("payload with wire type fixed32", ECHO_PREFIX + "1d00000000"),
        Arguments.of("timeout with wire type length-delimited", ECHO_PREFIX + "220100"),
        Arguments.of("metadata with wire type varint", ECHO_PREFIX + "2801"),
        Arguments.of("metadata entry with an empty key", ECHO_PREFIX + "2a0412026b76"),
        Arguments.of("metadata entry truncated", ECHO_PREFIX + "2a040a05"),
        Arguments.of("unknown field with group wire type", ECHO_PREFIX + "33"),
        Arguments.of("unknown fixed64 field truncated", ECHO_PREFIX + "31000000"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedEnvelopes")
  void malformedRequestEnvelopeIsInvalidArgument(String what, String envelopeHex) throws IOException {
    start();
    try (RawPeer p = peer()) {
      p.sendFrame(1, RawFrame.REQUEST, 0, GoldenFrames.bytes(envelopeHex));
      expectError(p, 1, Code.INVALID_ARGUMENT);
      expectEchoWorks(p, 3);
    }
    expectOthersServed();
  }

  @Test
  void requestPayloadThatDoesNotParseIsRefused() throws IOException {
    start();
    try (RawPeer p = peer()) {
      // A well-formed envelope whose payload is a truncated BytesValue (field 1 announces 5 bytes, none follow).
      p.send(RawPeer.request(1, 0, EchoService.NAME, "Echo", GoldenFrames.bytes("0a05")));
      RawFrame f = p.readFrame();
      assertThat(f.streamId()).isEqualTo(1);
      // Go answers INTERNAL here; INVALID_ARGUMENT is as good. Anything else (or no answer) is wrong.
      assertThat(Code.forNumber(RawPeer.envelope(f).getStatus().getCode()))
          .isIn(Code.INVALID_ARGUMENT, Code.INTERNAL);
      expectEchoWorks(p, 3);
    }
    expectOthersServed();
  }

  // ---------------------------------------------------------------- stream ids

  @ParameterizedTest(name = "stream {0}")
  @ValueSource(ints = {0, 2, 4, 0x7FFFFFFE, 0xFFFFFFFE})
  void evenStreamIdIsInvalidArgument(int streamId) throws IOException {
    start();
    try (RawPeer p = peer()) {
      p.send(echo(streamId, "even"));
      expectError(p, streamId, Code.INVALID_ARGUMENT);
      expectEchoWorks(p, 1);
    }
    expectOthersServed();
  }

  @Test
  void reusedOrLowerStreamIdIsInvalidArgument() throws IOException {
    start();
    try (RawPeer p = peer()) {
      expectEchoWorks(p, 5);
      p.send(echo(5, "again"));
      expectError(p, 5, Code.INVALID_ARGUMENT);
      p.send(echo(3, "lower"));
      expectError(p, 3, Code.INVALID_ARGUMENT);
      p.send(echo(1, "lowest"));
      expectError(p, 1, Code.INVALID_ARGUMENT);
      expectEchoWorks(p, 7);
      // Ids compare unsigned: 0x80000001 is higher than 7.
      expectEchoWorks(p, 0x80000001);
      p.send(echo(9, "lower than 2^31"));
      expectError(p, 9, Code.INVALID_ARGUMENT);
    }
    expectOthersServed();
  }

  // ---------------------------------------------------------------- Data frames

  @Test
  void dataForAStreamNeverOpenedIsInvalidArgument() throws IOException {
    start();
    try (RawPeer p = peer()) {
      p.sendFrame(41, RawFrame.DATA, 0, bv("stray").toByteArray());
      expectError(p, 41, Code.INVALID_ARGUMENT);
      p.sendFrame(43, RawFrame.DATA, Frames.FLAG_REMOTE_CLOSED | Frames.FLAG_NO_DATA, new byte[0]);
      expectError(p, 43, Code.INVALID_ARGUMENT);
      expectEchoWorks(p, 1);
    }
    expectOthersServed();
  }

  @Test
  void dataForAFinishedStreamIsInvalidArgument() throws IOException {
    start();
    try (RawPeer p = peer()) {
      expectEchoWorks(p, 1);
      p.sendFrame(1, RawFrame.DATA, 0, bv("late").toByteArray());
      expectError(p, 1, Code.INVALID_ARGUMENT);
      // A finished client stream too: Sum answered, then more data.
      p.send(RawPeer.request(3, Frames.FLAG_REMOTE_OPEN, EchoService.NAME, "Sum", null));
      p.sendFrame(3, RawFrame.DATA, Frames.FLAG_REMOTE_CLOSED | Frames.FLAG_NO_DATA, new byte[0]);
      RawFrame sum = p.readFrame();
      assertThat(sum.streamId()).isEqualTo(3);
      assertThat(RawPeer.envelope(sum).hasStatus()).isFalse();
      p.sendFrame(3, RawFrame.DATA, 0, bv("late").toByteArray());
      expectError(p, 3, Code.INVALID_ARGUMENT);
      expectEchoWorks(p, 5);
    }
    expectOthersServed();
  }

  /**
   * A frame refused on the stream of a unary call that is still running: a Data frame (not open for client data),
   * an oversized Data frame, or a new Request reusing the live stream id. The refusal is a Response, which ends the
   * stream for the client; so the call must end there: no second terminal frame on that stream when its handler
   * returns.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"data", "oversized data", "request reusing the id"})
  void aRefusalOnALiveUnaryStreamEndsThatCallWithOneResponse(String kind) throws IOException {
    start(1024);
    try (RawPeer p = peer()) {
      p.send(RawPeer.request(1, 0, FAULTY, "Hold", null));
      await().atMost(Duration.ofSeconds(20)).until(() -> server.callsInFlight() == 1);
      Code expected;
      switch (kind) {
        case "data" -> {
          p.sendFrame(1, RawFrame.DATA, 0, bv("not for a unary call").toByteArray());
          expected = Code.INVALID_ARGUMENT;
        }
        case "oversized data" -> {
          p.sendFrame(1, RawFrame.DATA, 0, new byte[1025]);
          expected = Code.RESOURCE_EXHAUSTED;
        }
        default -> {
          p.send(echo(1, "same id"));
          expected = Code.INVALID_ARGUMENT;
        }
      }
      expectError(p, 1, expected);
      gate.countDown();
      awaitNoCallInFlight();
      // Whatever the held handler did is on the wire by now: the next frame must be this Echo, not stream 1 again.
      expectEchoWorks(p, 3);
    }
    expectOthersServed();
  }

  /** Same for a server-streaming call, whose client side was closed by its Request (flags 01). */
  @Test
  void dataForAServerStreamingCallInFlightEndsThatCallWithOneFrame() throws IOException {
    start();
    try (RawPeer p = peer()) {
      p.send(RawPeer.request(1, Frames.FLAG_REMOTE_CLOSED, FAULTY, "HoldStream", null));
      await().atMost(Duration.ofSeconds(20)).until(() -> server.callsInFlight() == 1);
      p.sendFrame(1, RawFrame.DATA, 0, new byte[0]);
      expectError(p, 1, Code.INVALID_ARGUMENT);
      gate.countDown();
      awaitNoCallInFlight();
      expectEchoWorks(p, 3);
    }
    expectOthersServed();
  }

  static Stream<Arguments> closingDataWithPayload() {
    return Stream.of(
        Arguments.of("Sum", Frames.FLAG_REMOTE_CLOSED),
        Arguments.of("Chat", Frames.FLAG_REMOTE_CLOSED),
        Arguments.of("Chat", Frames.FLAG_REMOTE_CLOSED | Frames.FLAG_NO_DATA));
  }

  /** Go 1.2.4 sends two Responses here (appendix B); ours must send exactly one, INVALID_ARGUMENT. */
  @ParameterizedTest(name = "{0} flags {1}")
  @MethodSource("closingDataWithPayload")
  void remoteClosedDataWithAPayloadIsInvalidArgument(String method, int flags) throws IOException {
    start();
    try (RawPeer p = peer()) {
      p.send(RawPeer.request(1, Frames.FLAG_REMOTE_OPEN, EchoService.NAME, method, null));
      p.sendFrame(1, RawFrame.DATA, flags, bv("x").toByteArray());
      Response refused = expectError(p, 1, Code.INVALID_ARGUMENT);
      assertThat(refused.getStatus().getMessage()).isNotEmpty();
      awaitNoCallInFlight();
      expectEchoWorks(p, 3);
    }
    expectOthersServed();
  }

  // ---------------------------------------------------------------- frame types, truncation, garbage

  @ParameterizedTest(name = "type 0x{0}")
  @ValueSource(ints = {0x00, 0x02, 0x04, 0x07, 0x7f, 0xff})
  void unknownFrameTypesAreIgnored(int type) throws IOException {
    start();
    try (RawPeer p = peer()) {
      p.sendFrame(1, type, 0, bv("from the future").toByteArray());
      p.sendFrame(1, type, 0xff, new byte[0]);
      // Ignored means no answer and no effect on stream ids: an Echo on stream 1 is the next thing answered.
      expectEchoWorks(p, 1);
    }
    expectOthersServed();
  }

  static Stream<Arguments> truncations() {
    return Stream.of(
        Arguments.of("half a header", "0000002e0000"),
        Arguments.of("header only", GoldenFrames.STREAM_C1_ECHO.substring(0, 20)),
        Arguments.of("header and part of the payload", GoldenFrames.STREAM_C1_ECHO.substring(0, 60)),
        Arguments.of("a 1 MiB frame cut after 100 kB", "00100000000000010100" + "00".repeat(100_000)),
        Arguments.of("a whole frame then a partial one", GoldenFrames.STREAM_C9_ECHO_EMPTY
            + GoldenFrames.withStream(GoldenFrames.STREAM_C1_ECHO, 11).substring(0, 40)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("truncations")
  void truncatedFrameThenEndOfStreamClosesThatConnectionOnly(String what, String hex) throws IOException {
    start();
    try (RawPeer p = peer()) {
      p.sendHex(hex);
      if (hex.startsWith(GoldenFrames.STREAM_C9_ECHO_EMPTY)) {
        assertThat(p.readFrameHex()).isEqualTo(GoldenFrames.STREAM_S9_ECHO_EMPTY);
      }
      expectClosedByServerAfterOurEof(p);
    }
    expectOthersServed();
  }

  static Stream<Arguments> garbage() {
    Stream<Arguments> text = Stream.of(
        Arguments.of("an HTTP request", "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.UTF_8)),
        Arguments.of("a TLS client hello start", GoldenFrames.bytes("160301020001000200030386a1b2c3d4e5f6")),
        Arguments.of("zeros", new byte[4096]),
        Arguments.of("ones", filled(4096, (byte) 0xff)));
    Stream<Arguments> random = Stream.iterate(1L, s -> s + 1).limit(8).map(seed -> {
      byte[] b = new byte[64 + new Random(seed).nextInt(4096)];
      new Random(seed).nextBytes(b);
      return Arguments.of("random seed " + seed, b);
    });
    return Stream.concat(text, random);
  }

  static byte[] filled(int n, byte value) {
    byte[] b = new byte[n];
    java.util.Arrays.fill(b, value);
    return b;
  }

  /**
   * Garbage either parses as frames (each answered with an error Response on its own stream, never a success) or
   * leaves a partial frame; either way, when the peer ends, the server closes that connection, and it never stops
   * serving others.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("garbage")
  void pureGarbageNeverHurtsTheServer(String what, byte[] bytes) throws IOException {
    start();
    try (RawPeer p = peer()) {
      p.send(bytes);
      expectOthersServed();
      p.shutdownOutput();
      List<RawFrame> answers = p.readUntilClosed();
      for (RawFrame f : answers) {
        assertThat(f.type()).as("answer %s", f).isEqualTo(RawFrame.RESPONSE);
        assertThat(RawPeer.envelope(f).getStatus().getCode()).as("answer %s", f).isNotZero();
      }
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(server.connectionCount()).isEqualTo(1));
    }
    expectOthersServed();
  }
}
