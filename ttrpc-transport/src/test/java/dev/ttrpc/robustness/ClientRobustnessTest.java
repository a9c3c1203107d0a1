package dev.ttrpc.robustness;

import static dev.ttrpc.golden.CallOutcomes.failure;
import static dev.ttrpc.golden.CallOutcomes.result;
import static dev.ttrpc.golden.CallOutcomes.thrown;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import dev.ttrpc.Code;
import dev.ttrpc.TtrpcException;
import dev.ttrpc.client.CallOptions;
import dev.ttrpc.client.ClientStream;
import dev.ttrpc.client.TtrpcClient;
import dev.ttrpc.codec.Frames;
import dev.ttrpc.codec.proto.Request;
import dev.ttrpc.golden.FakeServerConnection;
import dev.ttrpc.golden.GoldenFrames;
import dev.ttrpc.golden.RawFrame;
import dev.ttrpc.golden.RawPeer;
import dev.ttrpc.testing.EchoService;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A real {@link TtrpcClient} against a fake server (a raw socket) that answers with broken frames: a broken answer
 * fails its own call with the right code, and the client's connection goes on serving other calls; a server that
 * goes away fails every call in flight with UNAVAILABLE.
 */
@Timeout(120)
class ClientRobustnessTest {
  static final int MAX = 1024;
  /** A generous bound on "promptly", not a speed claim. */
  static final Duration PROMPTLY = Duration.ofSeconds(10);

  @AutoClose
  private final FakeServerConnection connection = FakeServerConnection.open(builder -> builder.maxMessageSize(MAX));
  private final TtrpcClient client = connection.client();
  private final RawPeer server = connection.server();

  static BytesValue bv(String s) {
    return BytesValue.of(ByteString.copyFromUtf8(s));
  }

  /** Reads the client's next Request and returns its stream id, checking it is the expected one. */
  private int expectRequest(int streamId, String method) throws IOException {
    RawFrame f = server.readFrame();
    assertThat(f.type()).isEqualTo(RawFrame.REQUEST);
    assertThat(f.streamId()).as("stream ids go on increasing on the same connection").isEqualTo(streamId);
    assertThat(Request.parseFrom(f.payload()).getMethod()).isEqualTo(method);
    return f.streamId();
  }

  private void answerEcho(int streamId, String text) throws IOException {
    server.send(RawPeer.response(streamId, bv(text).toByteArray()));
  }

  /** Two Echo calls in flight, on streams 1 and 3, both requests read by the fake server and not answered. */
  private record TwoCalls(CompletableFuture<BytesValue> first, CompletableFuture<BytesValue> second) {}

  private TwoCalls startTwoEchoCalls() throws IOException {
    CompletableFuture<BytesValue> first = client.callAsync(EchoService.ECHO, bv("first"));
    expectRequest(1, "Echo");
    CompletableFuture<BytesValue> second = client.callAsync(EchoService.ECHO, bv("second"));
    expectRequest(3, "Echo");
    return new TwoCalls(first, second);
  }

  /** A Repeat stream on stream 1 whose Request the fake server has read. */
  private ClientStream<BytesValue, BytesValue> openRepeat(String request) throws IOException {
    ClientStream<BytesValue, BytesValue> repeat = client.openStream(EchoService.REPEAT, bv(request),
        CallOptions.DEFAULT);
    expectRequest(1, "Repeat");
    return repeat;
  }

  /**
   * Answers the first of two calls and holds the connection's I/O thread in that call's continuation; the hold is
   * released by the caller.
   */
  private IoThreadHold answerFirstAndHoldTheIoThread(TwoCalls calls) throws Exception {
    IoThreadHold hold = IoThreadHold.inContinuationOf(calls.first());
    answerEcho(1, "first");
    hold.awaitHeld();
    return hold;
  }

  /** Another unary call on the same client and connection (next stream id) succeeds. */
  private void expectNextCallWorks(int streamId) throws Exception {
    CompletableFuture<BytesValue> next = client.callAsync(EchoService.ECHO, bv("next"));
    expectRequest(streamId, "Echo");
    answerEcho(streamId, "next");
    assertThat(result(next)).isEqualTo(bv("next"));
  }

  // ---------------------------------------------------------------- oversized answers

  @Test
  void oversizedAnswerFailsThatCallOnlyAndTheLimitItselfIsAccepted() throws Exception {
    TwoCalls calls = startTwoEchoCalls();

    server.sendFrame(1, RawFrame.RESPONSE, 0, new byte[MAX + 1]);
    TtrpcException e = failure(calls.first());
    assertThat(e.code()).isEqualTo(Code.RESOURCE_EXHAUSTED);
    assertThat(calls.second()).as("the other call in flight is untouched").isNotDone();

    answerEcho(3, "second");
    assertThat(result(calls.second())).isEqualTo(bv("second"));

    // A Response of exactly the limit is accepted.
    CompletableFuture<BytesValue> exact = client.callAsync(EchoService.ECHO, bv("exact"));
    expectRequest(5, "Echo");
    RawFrame answer = null;
    for (int n = MAX - 40; n <= MAX; n++) {
      RawFrame f = RawPeer.response(5, BytesValue.of(ByteString.copyFrom(new byte[n])).toByteArray());
      if (f.payload().length == MAX) {
        answer = f;
      }
    }
    assertThat(answer).isNotNull();
    server.send(answer);
    assertThat(result(exact).getValue().size()).isGreaterThan(MAX - 10);

    expectNextCallWorks(7);
  }

  @Test
  void oversizedDataFrameFailsThatStream() throws Exception {
    ClientStream<BytesValue, BytesValue> repeat = openRepeat("\3abc");
    server.sendFrame(1, RawFrame.DATA, 0, bv("ok").toByteArray());
    assertThat(repeat.receive()).isEqualTo(bv("ok"));
    server.sendFrame(1, RawFrame.DATA, 0, new byte[MAX + 1]);
    assertThat(thrown(repeat::receive).code()).isEqualTo(Code.RESOURCE_EXHAUSTED);
    // The declared bytes were skipped: the connection is in step and serves the next call.
    expectNextCallWorks(3);
  }

  /**
   * Messages that arrived before a stream failed on the client side (here an oversized frame) are still delivered,
   * in order, before the failure: as when the server ends the stream with an error Response. Whether they are must
   * not depend on when the application calls receive().
   */
  @Test
  void messagesReceivedBeforeAStreamFailureAreDeliveredFirst() throws Exception {
    expectMessageDeliveredBeforeTheEnd(new RawFrame(1, RawFrame.DATA, 0, new byte[MAX + 1]).hex(),
        Code.RESOURCE_EXHAUSTED);
  }

  /** For comparison: the same with an error Response from the server (this order is kept today). */
  @Test
  void messagesReceivedBeforeAnErrorResponseAreDeliveredFirst() throws Exception {
    expectMessageDeliveredBeforeTheEnd(GoldenFrames.withStream(GoldenFrames.SHIM_S5_NOT_FOUND, 1), Code.NOT_FOUND);
  }

  /**
   * A Repeat stream gets one message and, in the same write, {@code endingHex}, which fails the stream with
   * {@code expected}: the message is delivered first, although the stream ended before the application asked.
   */
  private void expectMessageDeliveredBeforeTheEnd(String endingHex, Code expected) throws Exception {
    ClientStream<BytesValue, BytesValue> repeat = openRepeat("\3abc");
    server.send(GoldenFrames.bytes(new RawFrame(1, RawFrame.DATA, 0, bv("one").toByteArray()).hex() + endingHex));
    // The stream has ended (failed) before the application asks for anything.
    await().atMost(PROMPTLY).until(() -> client.callsInFlight() == 0);
    assertThat(repeat.receive()).isEqualTo(bv("one"));
    assertThat(thrown(repeat::receive).code()).isEqualTo(expected);
    expectNextCallWorks(3);
  }

  /**
   * A header declaring 4 GiB fails its call at once (the client neither waits for nor allocates the payload).
   * Documented behaviour: the client then skips the declared length, so the connection is of no further use; when
   * the server closes it, the other calls in flight fail UNAVAILABLE.
   */
  @Test
  void hugeLengthFailsTheCallAtOnce() throws Exception {
    TwoCalls calls = startTwoEchoCalls();
    server.sendHeader(0xFFFFFFFFL, 1, RawFrame.RESPONSE, 0);
    TtrpcException e = failure(calls.first());
    assertThat(e.code()).isEqualTo(Code.RESOURCE_EXHAUSTED);
    server.close();
    await().atMost(PROMPTLY).until(calls.second()::isDone);
    assertThat(failure(calls.second()).code()).isEqualTo(Code.UNAVAILABLE);
  }

  // ---------------------------------------------------------------- malformed answers

  static Stream<Arguments> malformedResponses() {
    return Stream.of(
        Arguments.of("status length beyond the end", "0a0508"),
        Arguments.of("status with wire type varint", "0801"),
        Arguments.of("status bytes that do not parse", "0a0208ff"),
        Arguments.of("payload length beyond the end", "120a0a05"),
        Arguments.of("payload with wire type fixed64", "110000000000000000"),
        Arguments.of("unterminated varint", "ffffffffff"),
        Arguments.of("field number 0", "0200"),
        Arguments.of("unknown field with group wire type", "33"),
        Arguments.of("payload that is not a BytesValue", "12020a05"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedResponses")
  void malformedResponseFailsThatCallWithInternal(String what, String envelopeHex) throws Exception {
    CompletableFuture<BytesValue> call = client.callAsync(EchoService.ECHO, bv("x"));
    expectRequest(1, "Echo");
    server.sendFrame(1, RawFrame.RESPONSE, 0, GoldenFrames.bytes(envelopeHex));
    TtrpcException e = failure(call);
    assertThat(e.code()).isEqualTo(Code.INTERNAL);
    expectNextCallWorks(3);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedResponses")
  void malformedResponseEndsAClientStreamWithInternal(String what, String envelopeHex) throws Exception {
    ClientStream<BytesValue, BytesValue> sum = client.openStream(EchoService.SUM, CallOptions.DEFAULT);
    sum.closeSend();
    expectRequest(1, "Sum");
    RawFrame close = server.readFrame();
    assertThat(close.flags()).isEqualTo(Frames.FLAG_REMOTE_CLOSED | Frames.FLAG_NO_DATA);
    server.sendFrame(1, RawFrame.RESPONSE, 0, GoldenFrames.bytes(envelopeHex));
    assertThat(thrown(sum::receive).code()).isEqualTo(Code.INTERNAL);
    expectNextCallWorks(3);
  }

  @Test
  void dataThatDoesNotParseFailsThatStreamWithInternal() throws Exception {
    ClientStream<BytesValue, BytesValue> repeat = openRepeat("\2ab");
    server.sendFrame(1, RawFrame.DATA, 0, GoldenFrames.bytes("0a05"));
    assertThat(thrown(repeat::receive).code()).isEqualTo(Code.INTERNAL);
    expectNextCallWorks(3);
  }

  @Test
  void dataFrameOnAUnaryCallFailsItWithInternal() throws Exception {
    CompletableFuture<BytesValue> call = client.callAsync(EchoService.ECHO, bv("x"));
    expectRequest(1, "Echo");
    server.sendFrame(1, RawFrame.DATA, 0, bv("x").toByteArray());
    assertThat(failure(call).code()).isEqualTo(Code.INTERNAL);
    expectNextCallWorks(3);
  }

  @Test
  void framesForUnknownStreamsAndOfUnknownTypesAreIgnored() throws Exception {
    CompletableFuture<BytesValue> call = client.callAsync(EchoService.ECHO, bv("x"));
    expectRequest(1, "Echo");
    server.send(RawPeer.response(99, bv("nobody asked").toByteArray()));
    server.sendFrame(97, RawFrame.DATA, 0, bv("nobody asked").toByteArray());
    server.sendFrame(2, RawFrame.REQUEST, 0, new byte[0]);
    server.sendFrame(1, 0x07, 0, bv("from the future").toByteArray());
    answerEcho(1, "x");
    assertThat(result(call)).isEqualTo(bv("x"));
    expectNextCallWorks(3);
  }

  // ---------------------------------------------------------------- the server goes away

  @Test
  void serverClosingMidCallFailsEveryCallInFlightWithUnavailable() throws Exception {
    List<CompletableFuture<BytesValue>> unary = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      unary.add(client.callAsync(EchoService.ECHO, bv("call " + i)));
    }
    ClientStream<BytesValue, BytesValue> chat = client.openStream(EchoService.CHAT, CallOptions.DEFAULT);
    ClientStream<BytesValue, BytesValue> repeat = client.openStream(EchoService.REPEAT, bv("\5abc"),
        CallOptions.DEFAULT);
    ClientStream<BytesValue, BytesValue> sum = client.openStream(EchoService.SUM, CallOptions.DEFAULT);
    for (int i = 0; i < 6; i++) {
      assertThat(server.readFrame().type()).isEqualTo(RawFrame.REQUEST);
    }
    // One stream got a message before the end.
    server.sendFrame(9, RawFrame.DATA, 0, bv("abc").toByteArray());
    assertThat(repeat.receive()).isEqualTo(bv("abc"));

    server.close();

    CompletableFuture<Object> chatEnd = CompletableFuture.supplyAsync(chat::receive);
    CompletableFuture<Object> repeatEnd = CompletableFuture.supplyAsync(repeat::receive);
    CompletableFuture<Object> sumEnd = CompletableFuture.supplyAsync(sum::closeAndReceive);
    List<CompletableFuture<?>> all = new ArrayList<>(unary);
    all.addAll(List.of(chatEnd, repeatEnd, sumEnd));
    await().atMost(PROMPTLY).until(() -> all.stream().allMatch(CompletableFuture::isDone));
    for (CompletableFuture<?> f : all) {
      TtrpcException e = unwrap(f);
      assertThat(e.code()).as("%s", e).isEqualTo(Code.UNAVAILABLE);
    }
    TtrpcException send = org.assertj.core.api.Assertions.catchThrowableOfType(() -> chat.send(bv("late")),
        TtrpcException.class);
    assertThat(send).as("sending on a stream of a lost connection fails").isNotNull();
  }

  @Test
  void serverClosingMidFrameFailsTheCallsWithUnavailable() throws Exception {
    TwoCalls calls = startTwoEchoCalls();
    String answer = RawPeer.response(1, bv("first").toByteArray()).hex();
    server.sendHex(answer.substring(0, answer.length() - 6));
    server.close();
    await().atMost(PROMPTLY).until(() -> calls.first().isDone() && calls.second().isDone());
    assertThat(failure(calls.first()).code()).isEqualTo(Code.UNAVAILABLE);
    assertThat(failure(calls.second()).code()).isEqualTo(Code.UNAVAILABLE);
  }

  /**
   * The server answers one call, then sends more bytes and closes, while the client's I/O thread is busy (here:
   * running the first call's continuation). The close and the last bytes are then seen together (POLLIN|POLLHUP):
   * the client must still notice the end and fail the call left in flight with UNAVAILABLE.
   */
  @Test
  void closeArrivingTogetherWithTheLastBytesIsNoticed() throws Exception {
    TwoCalls calls = startTwoEchoCalls();
    IoThreadHold hold = answerFirstAndHoldTheIoThread(calls);
    // While the I/O thread is held: the start of another frame, then the end of the connection.
    String answer = RawPeer.response(3, bv("second").toByteArray()).hex();
    server.sendHex(answer.substring(0, answer.length() - 6));
    server.close();
    hold.release();
    assertThat(result(calls.first())).isEqualTo(bv("first"));
    await().atMost(PROMPTLY).until(calls.second()::isDone);
    assertThat(failure(calls.second()).code()).isEqualTo(Code.UNAVAILABLE);
  }

  /**
   * {@code close()} while the connection's I/O thread is busy (running a continuation), with another connection
   * selecting in the same JVM meanwhile: the wakeup must reach the busy connection, and the calls still in flight on
   * the closed client must fail with UNAVAILABLE.
   */
  @Test
  void closeWhileTheIoThreadIsBusyStillFailsTheCallsInFlight() throws Exception {
    try (TtrpcClient bystander = connection.connectAnotherClient();
        RawPeer bystanderServer = connection.acceptNext()) {
      TwoCalls calls = startTwoEchoCalls();
      IoThreadHold hold = answerFirstAndHoldTheIoThread(calls);

      client.close();
      // Another connection makes a round trip after the close: its I/O thread selects at least once meanwhile.
      CompletableFuture<BytesValue> other = bystander.callAsync(EchoService.ECHO, bv("bystander"));
      RawFrame request = bystanderServer.readFrame();
      bystanderServer.send(RawPeer.response(request.streamId(), bv("bystander").toByteArray()));
      assertThat(result(other)).isEqualTo(bv("bystander"));

      hold.release();
      await().atMost(PROMPTLY).until(calls.second()::isDone);
      assertThat(failure(calls.second()).code()).isEqualTo(Code.UNAVAILABLE);
    }
  }

  private static TtrpcException unwrap(CompletableFuture<?> f) {
    try {
      Object r = f.join();
      return fail("expected a failure, got " + r);
    } catch (java.util.concurrent.CompletionException e) {
      assertThat(e.getCause()).isInstanceOf(TtrpcException.class);
      return (TtrpcException) e.getCause();
    }
  }

  /** Sending over the limit fails locally, before anything is written, and costs no stream id. */
  @Test
  void sendingOverTheLimitFailsLocallyWithResourceExhausted() throws Exception {
    BytesValue tooBig = BytesValue.of(ByteString.copyFrom(new byte[MAX]));
    CompletableFuture<BytesValue> unary = client.callAsync(EchoService.ECHO, tooBig);
    assertThat(failure(unary).code()).isEqualTo(Code.RESOURCE_EXHAUSTED);

    ClientStream<BytesValue, BytesValue> chat = client.openStream(EchoService.CHAT, CallOptions.DEFAULT);
    expectRequest(1, "Chat");
    assertThat(thrown(() -> chat.send(tooBig)).code()).isEqualTo(Code.RESOURCE_EXHAUSTED);
    // The stream is still usable: the next frame the server sees is this message, not the refused one.
    chat.send(bv("small"));
    RawFrame data = server.readFrame();
    assertThat(data.streamId()).isEqualTo(1);
    assertThat(data.type()).isEqualTo(RawFrame.DATA);
    assertThat(BytesValue.parseFrom(data.payload())).isEqualTo(bv("small"));
    chat.closeSend();
    assertThat(server.readFrameHex()).isEqualTo("00000000000000010305");
    server.sendFrame(1, RawFrame.DATA, Frames.FLAG_REMOTE_CLOSED | Frames.FLAG_NO_DATA, new byte[0]);
    assertThat(chat.receive()).isNull();
    expectNextCallWorks(3);
  }
}
