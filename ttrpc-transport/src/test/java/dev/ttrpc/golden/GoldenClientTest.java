package dev.ttrpc.golden;

import static dev.ttrpc.golden.CallOutcomes.failure;
import static dev.ttrpc.golden.CallOutcomes.result;
import static dev.ttrpc.golden.GoldenFrames.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import com.google.protobuf.Empty;
import com.google.protobuf.MessageLite;
import dev.ttrpc.Code;
import dev.ttrpc.Metadata;
import dev.ttrpc.MethodDescriptor;
import dev.ttrpc.MethodType;
import dev.ttrpc.TtrpcException;
import dev.ttrpc.client.CallOptions;
import dev.ttrpc.client.ClientStream;
import dev.ttrpc.client.TtrpcClient;
import dev.ttrpc.codec.proto.Request;
import dev.ttrpc.testing.EchoService;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real {@link TtrpcClient} against a fake server (a raw socket that checks every byte the client writes against
 * the recording and answers with the recorded bytes): the client must write the recorded Request and Data frames
 * exactly and decode the recorded answers into the right results.
 */
@Timeout(120)
class GoldenClientTest {
  /** The shim's methods as a client sees them; Empty keeps the Task messages' fields as unknown fields. */
  static final MethodDescriptor<BytesValue, Empty> CONNECT = MethodDescriptor.of(GoldenFrames.TASK_SERVICE,
      "Connect", MethodType.UNARY, BytesValue.parser(), Empty.parser());
  static final MethodDescriptor<Empty, Empty> STATE = MethodDescriptor.of(GoldenFrames.TASK_SERVICE, "State",
      MethodType.UNARY, Empty.parser(), Empty.parser());
  static final MethodDescriptor<Empty, Empty> KILL = MethodDescriptor.of(GoldenFrames.TASK_SERVICE, "Kill",
      MethodType.UNARY, Empty.parser(), Empty.parser());
  static final MethodDescriptor<BytesValue, Empty> NO_SUCH_METHOD = MethodDescriptor.of(GoldenFrames.TASK_SERVICE,
      "NoSuchMethod", MethodType.UNARY, BytesValue.parser(), Empty.parser());
  static final MethodDescriptor<Empty, Empty> NO_SUCH_SERVICE = MethodDescriptor.of("no.such.Service", "State",
      MethodType.UNARY, Empty.parser(), Empty.parser());
  static final MethodDescriptor<BytesValue, BytesValue> ECHO_NO_SUCH_METHOD = MethodDescriptor.of(
      GoldenFrames.ECHO_SERVICE, "NoSuchMethod", MethodType.UNARY, BytesValue.parser(), BytesValue.parser());

  static BytesValue bv(String s) {
    return BytesValue.of(ByteString.copyFromUtf8(s));
  }

  /** Reads the client's next frame, checks it byte for byte. */
  static void expectFrame(RawPeer server, String expectedHex) throws Exception {
    assertThat(server.readFrameHex()).isEqualTo(expectedHex);
  }

  /** Starts a unary call and checks the Request the client wrote byte for byte; the call is left unanswered. */
  static <Q extends MessageLite, R extends MessageLite> CompletableFuture<R> checkedCall(
      FakeServerConnection connection, MethodDescriptor<Q, R> method, Q request, String expectedRequestHex)
      throws Exception {
    CompletableFuture<R> call = connection.client().callAsync(method, request);
    expectFrame(connection.server(), expectedRequestHex);
    return call;
  }

  /**
   * Makes a call the recording answers with an error: checks the Request byte for byte, sends the recorded answer
   * and returns the error the call failed with.
   */
  static <Q extends MessageLite, R extends MessageLite> TtrpcException recordedFailure(
      FakeServerConnection connection, MethodDescriptor<Q, R> method, Q request, String expectedRequestHex,
      String answerHex) throws Exception {
    CompletableFuture<R> call = checkedCall(connection, method, request, expectedRequestHex);
    connection.server().sendHex(answerHex);
    return failure(call);
  }

  /** A client that sends the shim's namespace with every call, as containerd does. */
  static FakeServerConnection connectAsContainerd() {
    return FakeServerConnection.open(
        builder -> builder.defaultMetadata(Metadata.of(GoldenFrames.NAMESPACE_KEY, GoldenFrames.NAMESPACE)));
  }

  @Test
  void speaksToTheRuncShimByteForByte() throws Exception {
    try (FakeServerConnection connection = connectAsContainerd()) {
      RawPeer shim = connection.server();
      // Connect{id:"peer"}: the request payload 0a0470656572 is BytesValue{"peer"}.
      CompletableFuture<Empty> connect = checkedCall(connection, CONNECT, BytesValue.parseFrom(bytes("0a0470656572")),
          GoldenFrames.SHIM_C1_CONNECT);
      shim.sendHex(GoldenFrames.SHIM_S1_CONNECTED);
      Empty connected = result(connect);
      assertThat(connected.getUnknownFields().getField(1).getVarintList()).containsExactly(25760L);
      assertThat(connected.getUnknownFields().getField(2).getVarintList()).containsExactly(25782L);

      CompletableFuture<Empty> connect2 = checkedCall(connection, CONNECT,
          BytesValue.parseFrom(bytes("0a116e6f2d737563682d636f6e7461696e6572")), GoldenFrames.SHIM_C3_CONNECT_UNKNOWN);
      shim.sendHex(GoldenFrames.SHIM_S3_CONNECTED_SHIM_ONLY);
      Empty shimOnly = result(connect2);
      assertThat(shimOnly.getUnknownFields().getField(1).getVarintList()).containsExactly(25760L);
      assertThat(shimOnly.getUnknownFields().hasField(2)).isFalse();

      TtrpcException notFound = recordedFailure(connection, STATE,
          Empty.parseFrom(bytes("0a116e6f2d737563682d636f6e7461696e6572")), GoldenFrames.SHIM_C5_STATE_UNKNOWN,
          GoldenFrames.SHIM_S5_NOT_FOUND);
      assertThat(notFound.code()).isEqualTo(Code.NOT_FOUND);
      assertThat(notFound.status().message()).isEqualTo("container not created: not found");

      TtrpcException killFailed = recordedFailure(connection, KILL,
          Empty.parseFrom(bytes("0a116e6f2d737563682d636f6e7461696e6572180f")), GoldenFrames.SHIM_C7_KILL_UNKNOWN,
          GoldenFrames.SHIM_S7_NOT_FOUND);
      assertThat(killFailed.code()).isEqualTo(Code.NOT_FOUND);
      assertThat(killFailed.status().message()).isEqualTo("container not created: not found");

      TtrpcException execFailed = recordedFailure(connection, STATE,
          Empty.parseFrom(bytes("0a0470656572120c6e6f2d737563682d65786563")), GoldenFrames.SHIM_C9_STATE_UNKNOWN_EXEC,
          GoldenFrames.SHIM_S9_EXEC_NOT_FOUND);
      assertThat(execFailed.code()).isEqualTo(Code.NOT_FOUND);
      assertThat(execFailed.status().message()).isEqualTo("process does not exist no-such-exec: not found");

      TtrpcException unimplementedMethod = recordedFailure(connection, NO_SUCH_METHOD, bv("peer"),
          GoldenFrames.SHIM_C11_NO_SUCH_METHOD, GoldenFrames.SHIM_S11_UNIMPLEMENTED_METHOD);
      assertThat(unimplementedMethod.code()).isEqualTo(Code.UNIMPLEMENTED);
      assertThat(unimplementedMethod.status().message()).isEqualTo("method NoSuchMethod");

      TtrpcException unimplementedService = recordedFailure(connection, NO_SUCH_SERVICE,
          Empty.parseFrom(bytes("0a0470656572")), GoldenFrames.SHIM_C13_NO_SUCH_SERVICE,
          GoldenFrames.SHIM_S13_UNIMPLEMENTED_SERVICE);
      assertThat(unimplementedService.code()).isEqualTo(Code.UNIMPLEMENTED);
      assertThat(unimplementedService.status().message()).isEqualTo("service no.such.Service");
    }
  }

  @Test
  void answersArriveOutOfOrderAndStillReachTheirCalls() throws Exception {
    try (FakeServerConnection connection = connectAsContainerd()) {
      RawPeer shim = connection.server();
      CompletableFuture<Empty> connect = checkedCall(connection, CONNECT, BytesValue.parseFrom(bytes("0a0470656572")),
          GoldenFrames.SHIM_C1_CONNECT);
      CompletableFuture<Empty> connect2 = checkedCall(connection, CONNECT,
          BytesValue.parseFrom(bytes("0a116e6f2d737563682d636f6e7461696e6572")), GoldenFrames.SHIM_C3_CONNECT_UNKNOWN);
      CompletableFuture<Empty> state = checkedCall(connection, STATE,
          Empty.parseFrom(bytes("0a116e6f2d737563682d636f6e7461696e6572")), GoldenFrames.SHIM_C5_STATE_UNKNOWN);
      // All three answers in one write, in reverse order.
      shim.sendHex(GoldenFrames.SHIM_S5_NOT_FOUND + GoldenFrames.SHIM_S3_CONNECTED_SHIM_ONLY
          + GoldenFrames.SHIM_S1_CONNECTED);
      assertThat(failure(state).code()).isEqualTo(Code.NOT_FOUND);
      assertThat(result(connect2).getUnknownFields().hasField(2)).isFalse();
      assertThat(result(connect).getUnknownFields().getField(2).getVarintList()).containsExactly(25782L);
    }
  }

  @Test
  void speaksToAGo12ServerByteForByte() throws Exception {
    try (FakeServerConnection connection = FakeServerConnection.open()) {
      TtrpcClient client = connection.client();
      RawPeer server = connection.server();
      // 1. Unary Echo.
      CompletableFuture<BytesValue> echo = checkedCall(connection, EchoService.ECHO, bv("hello ttrpc 1.2"),
          GoldenFrames.STREAM_C1_ECHO);
      server.sendHex(GoldenFrames.STREAM_S1_ECHO);
      assertThat(result(echo)).isEqualTo(bv("hello ttrpc 1.2"));

      // 2. Server streaming Repeat: Request flags 01, three Data, then Data 05 ends the stream.
      ClientStream<BytesValue, BytesValue> repeat = client.openStream(EchoService.REPEAT,
          BytesValue.of(ByteString.copyFrom(new byte[] {3, 'a', 'b', 'c'})), CallOptions.DEFAULT);
      expectFrame(server, GoldenFrames.STREAM_C3_REPEAT);
      server.sendHex(GoldenFrames.STREAM_S3_REPEAT_DATA + GoldenFrames.STREAM_S3_REPEAT_DATA
          + GoldenFrames.STREAM_S3_REPEAT_DATA + GoldenFrames.STREAM_S3_REPEAT_END);
      for (int i = 0; i < 3; i++) {
        assertThat(repeat.receive().getValue().toByteArray()).containsExactly(3, 'a', 'b', 'c');
      }
      assertThat(repeat.receive()).as("Data 05 ends the stream").isNull();
      assertThat(repeat.receive()).isNull();

      // 3. Client streaming Sum: Request flags 02 without payload, Data frames, Data 05, then the Response.
      ClientStream<BytesValue, BytesValue> sum = client.openStream(EchoService.SUM, CallOptions.DEFAULT);
      sum.send(bv("foo"));
      sum.send(bv("bar"));
      sum.send(bv("baz"));
      sum.closeSend();
      expectFrame(server, GoldenFrames.STREAM_C5_SUM);
      expectFrame(server, GoldenFrames.STREAM_C5_SUM_FOO);
      expectFrame(server, GoldenFrames.STREAM_C5_SUM_BAR);
      expectFrame(server, GoldenFrames.STREAM_C5_SUM_BAZ);
      expectFrame(server, GoldenFrames.STREAM_C5_SUM_CLOSE);
      server.sendHex(GoldenFrames.STREAM_S5_SUM);
      assertThat(sum.closeAndReceive()).isEqualTo(bv("foobarbaz"));
      assertThat(sum.receive()).as("a Response ends a client stream").isNull();

      // 4. Bidi Chat, strict ping-pong.
      ClientStream<BytesValue, BytesValue> chat = client.openStream(EchoService.CHAT, CallOptions.DEFAULT);
      expectFrame(server, GoldenFrames.STREAM_C7_CHAT);
      String[] pings = {GoldenFrames.STREAM_7_PING1, GoldenFrames.STREAM_7_PING2, GoldenFrames.STREAM_7_PING3};
      for (int i = 0; i < 3; i++) {
        chat.send(bv("ping-" + (i + 1)));
        expectFrame(server, pings[i]);
        server.sendHex(pings[i]);
        assertThat(chat.receive()).isEqualTo(bv("ping-" + (i + 1)));
      }
      chat.closeSend();
      expectFrame(server, GoldenFrames.STREAM_7_CLOSE);
      server.sendHex(GoldenFrames.STREAM_7_CLOSE);
      assertThat(chat.receive()).isNull();

      // echo-empty: no payload field; a header-only Response is an empty message.
      CompletableFuture<BytesValue> echoEmpty = checkedCall(connection, EchoService.ECHO,
          BytesValue.getDefaultInstance(), GoldenFrames.STREAM_C9_ECHO_EMPTY);
      server.sendHex(GoldenFrames.STREAM_S9_ECHO_EMPTY);
      assertThat(result(echoEmpty)).isEqualTo(BytesValue.getDefaultInstance());

      // echo-1mib: one 1 MiB frame, header 00100023 (the payload bytes were not recorded; ours are a pattern).
      byte[] mib = new byte[1 << 20];
      for (int i = 0; i < mib.length; i++) {
        mib[i] = (byte) (i * 31 + 7);
      }
      CompletableFuture<BytesValue> big = client.callAsync(EchoService.ECHO, BytesValue.of(ByteString.copyFrom(mib)));
      RawFrame bigRequest = server.readFrame();
      assertThat(bigRequest.hex().substring(0, 20)).isEqualTo(GoldenFrames.STREAM_C11_ECHO_1MIB_HEADER);
      Request decoded = Request.parseFrom(bigRequest.payload());
      assertThat(decoded.getService()).isEqualTo(GoldenFrames.ECHO_SERVICE);
      assertThat(decoded.getMethod()).isEqualTo("Echo");
      assertThat(BytesValue.parseFrom(decoded.getPayload()).getValue().toByteArray()).isEqualTo(mib);
      server.send(RawPeer.response(11, decoded.getPayload().toByteArray()));
      assertThat(result(big).getValue().toByteArray()).isEqualTo(mib);

      // repeat-zero: the lone Data 05 ends the stream with no message.
      ClientStream<BytesValue, BytesValue> repeatZero = client.openStream(EchoService.REPEAT,
          BytesValue.of(ByteString.copyFrom(new byte[] {0})), CallOptions.DEFAULT);
      expectFrame(server, GoldenFrames.STREAM_C13_REPEAT_ZERO);
      server.sendHex(GoldenFrames.STREAM_S13_REPEAT_ZERO_END);
      assertThat(repeatZero.receive()).isNull();

      // sum-empty: Request 02 then Data 05 at once; an empty Response is an empty message.
      ClientStream<BytesValue, BytesValue> sumEmpty = client.openStream(EchoService.SUM, CallOptions.DEFAULT);
      sumEmpty.closeSend();
      expectFrame(server, GoldenFrames.STREAM_C15_SUM_EMPTY);
      expectFrame(server, GoldenFrames.STREAM_C15_SUM_EMPTY_CLOSE);
      server.sendHex(GoldenFrames.STREAM_S15_SUM_EMPTY);
      assertThat(sumEmpty.closeAndReceive()).isEqualTo(BytesValue.getDefaultInstance());

      // chat-empty: close both ways, no message.
      ClientStream<BytesValue, BytesValue> chatEmpty = client.openStream(EchoService.CHAT, CallOptions.DEFAULT);
      chatEmpty.closeSend();
      expectFrame(server, GoldenFrames.STREAM_C17_CHAT_EMPTY);
      expectFrame(server, GoldenFrames.STREAM_17_CLOSE);
      server.sendHex(GoldenFrames.STREAM_17_CLOSE);
      assertThat(chatEmpty.receive()).isNull();

      // chat-empty-msg: an empty message is a zero-length Data frame with flags 00, both ways.
      ClientStream<BytesValue, BytesValue> chatEmptyMsg = client.openStream(EchoService.CHAT, CallOptions.DEFAULT);
      chatEmptyMsg.send(BytesValue.getDefaultInstance());
      expectFrame(server, GoldenFrames.STREAM_C19_CHAT_EMPTY_MSG);
      expectFrame(server, GoldenFrames.STREAM_19_EMPTY_MSG);
      server.sendHex(GoldenFrames.STREAM_19_EMPTY_MSG);
      assertThat(chatEmptyMsg.receive()).isEqualTo(BytesValue.getDefaultInstance());
      chatEmptyMsg.closeSend();
      expectFrame(server, GoldenFrames.STREAM_19_CLOSE);
      server.sendHex(GoldenFrames.STREAM_19_CLOSE);
      assertThat(chatEmptyMsg.receive()).isNull();

      // unknown-method: the error Response fails the call with UNIMPLEMENTED.
      TtrpcException e = recordedFailure(connection, ECHO_NO_SUCH_METHOD, bv("x"),
          GoldenFrames.STREAM_C21_UNKNOWN_METHOD, GoldenFrames.STREAM_S21_UNKNOWN_METHOD);
      assertThat(e.code()).isEqualTo(Code.UNIMPLEMENTED);
      assertThat(e.status().message()).isEqualTo("method NoSuchMethod");
    }
  }

  @Test
  void anErrorResponseEndsEveryKindOfStream() throws Exception {
    String notFound = GoldenFrames.SHIM_S5_NOT_FOUND;
    try (FakeServerConnection connection = FakeServerConnection.open()) {
      TtrpcClient client = connection.client();
      RawPeer server = connection.server();
      ClientStream<BytesValue, BytesValue> repeat = client.openStream(EchoService.REPEAT,
          BytesValue.of(ByteString.copyFrom(new byte[] {3, 'a', 'b', 'c'})), CallOptions.DEFAULT);
      expectFrame(server, GoldenFrames.withStream(GoldenFrames.STREAM_C3_REPEAT, 1));
      // One message, then the recorded NotFound status on this stream.
      server.sendHex(GoldenFrames.withStream(GoldenFrames.STREAM_S3_REPEAT_DATA, 1)
          + GoldenFrames.withStream(notFound, 1));
      assertThat(repeat.receive().getValue().toByteArray()).containsExactly(3, 'a', 'b', 'c');
      TtrpcException repeatError = org.assertj.core.api.Assertions.catchThrowableOfType(repeat::receive,
          TtrpcException.class);
      assertThat(repeatError.code()).isEqualTo(Code.NOT_FOUND);
      assertThat(repeatError.status().message()).isEqualTo("container not created: not found");

      ClientStream<BytesValue, BytesValue> chat = client.openStream(EchoService.CHAT, CallOptions.DEFAULT);
      expectFrame(server, GoldenFrames.withStream(GoldenFrames.STREAM_C7_CHAT, 3));
      server.sendHex(GoldenFrames.withStream(notFound, 3));
      TtrpcException chatError = org.assertj.core.api.Assertions.catchThrowableOfType(chat::receive,
          TtrpcException.class);
      assertThat(chatError.code()).isEqualTo(Code.NOT_FOUND);
    }
  }
}
