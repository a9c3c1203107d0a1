package dev.ttrpc.golden;

import static dev.ttrpc.golden.GoldenFrames.bytes;
import static dev.ttrpc.golden.GoldenFrames.hex;
import static dev.ttrpc.golden.GoldenFrames.withStream;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import com.google.protobuf.Empty;
import com.google.rpc.Status;
import dev.ttrpc.Code;
import dev.ttrpc.MethodDescriptor;
import dev.ttrpc.MethodType;
import dev.ttrpc.TtrpcException;
import dev.ttrpc.codec.proto.Response;
import dev.ttrpc.server.ServiceDefinition;
import dev.ttrpc.server.TtrpcServer;
import dev.ttrpc.testing.EchoService;
import dev.ttrpc.testing.TestSockets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real {@link TtrpcServer} fed the recorded client frames over a raw socket: it must answer with the recorded
 * server frames, byte for byte.
 */
@Timeout(120)
class GoldenServerTest {
  static void expectFrame(RawPeer client, String expectedHex) throws Exception {
    assertThat(client.readFrameHex()).isEqualTo(expectedHex);
  }

  @Test
  void answersLikeAGo12Server() throws Exception {
    try (TestSockets sockets = new TestSockets();
        TtrpcServer server = TtrpcServer.builder(sockets.address("echo.sock")).service(EchoService.definition())
            .build().start();
        RawPeer client = RawPeer.connect(sockets.path("echo.sock"))) {
      // 1. Unary Echo.
      client.sendHex(GoldenFrames.STREAM_C1_ECHO);
      expectFrame(client, GoldenFrames.STREAM_S1_ECHO);

      // 2. Repeat: three Data frames and the closing Data 05, no Response.
      client.sendHex(GoldenFrames.STREAM_C3_REPEAT);
      expectFrame(client, GoldenFrames.STREAM_S3_REPEAT_DATA);
      expectFrame(client, GoldenFrames.STREAM_S3_REPEAT_DATA);
      expectFrame(client, GoldenFrames.STREAM_S3_REPEAT_DATA);
      expectFrame(client, GoldenFrames.STREAM_S3_REPEAT_END);

      // 3. Sum: Request 02 without payload, three Data, Data 05; one Response.
      client.sendHex(GoldenFrames.STREAM_C5_SUM + GoldenFrames.STREAM_C5_SUM_FOO + GoldenFrames.STREAM_C5_SUM_BAR
          + GoldenFrames.STREAM_C5_SUM_BAZ + GoldenFrames.STREAM_C5_SUM_CLOSE);
      expectFrame(client, GoldenFrames.STREAM_S5_SUM);

      // 4. Chat ping-pong, then close both ways.
      client.sendHex(GoldenFrames.STREAM_C7_CHAT);
      for (String ping : List.of(GoldenFrames.STREAM_7_PING1, GoldenFrames.STREAM_7_PING2,
          GoldenFrames.STREAM_7_PING3)) {
        client.sendHex(ping);
        expectFrame(client, ping);
      }
      client.sendHex(GoldenFrames.STREAM_7_CLOSE);
      expectFrame(client, GoldenFrames.STREAM_7_CLOSE);

      // echo-empty: the answer is the 10-byte header alone.
      client.sendHex(GoldenFrames.STREAM_C9_ECHO_EMPTY);
      expectFrame(client, GoldenFrames.STREAM_S9_ECHO_EMPTY);

      // echo-1mib (stream 11): recorded header 00100023; the answer carries the same message back in one frame.
      byte[] mib = new byte[1 << 20];
      for (int i = 0; i < mib.length; i++) {
        mib[i] = (byte) (i * 17 + 3);
      }
      byte[] message = BytesValue.of(ByteString.copyFrom(mib)).toByteArray();
      RawFrame big = RawPeer.request(11, 0, GoldenFrames.ECHO_SERVICE, "Echo", message);
      assertThat(big.hex().substring(0, 20)).isEqualTo(GoldenFrames.STREAM_C11_ECHO_1MIB_HEADER);
      client.send(big);
      RawFrame bigAnswer = client.readFrame();
      assertThat(bigAnswer.hex()).isEqualTo(RawPeer.response(11, message).hex());
      assertThat(bigAnswer.hex().substring(0, 20)).isEqualTo("001000080000000b0200");

      // repeat-zero: only the closing frame.
      client.sendHex(GoldenFrames.STREAM_C13_REPEAT_ZERO);
      expectFrame(client, GoldenFrames.STREAM_S13_REPEAT_ZERO_END);

      // sum-empty: an empty Response (header only).
      client.sendHex(GoldenFrames.STREAM_C15_SUM_EMPTY + GoldenFrames.STREAM_C15_SUM_EMPTY_CLOSE);
      expectFrame(client, GoldenFrames.STREAM_S15_SUM_EMPTY);

      // chat-empty: close answered by close.
      client.sendHex(GoldenFrames.STREAM_C17_CHAT_EMPTY + GoldenFrames.STREAM_17_CLOSE);
      expectFrame(client, GoldenFrames.STREAM_17_CLOSE);

      // chat-empty-msg: an empty message is echoed as a zero-length Data frame with flags 00.
      client.sendHex(GoldenFrames.STREAM_C19_CHAT_EMPTY_MSG + GoldenFrames.STREAM_19_EMPTY_MSG);
      expectFrame(client, GoldenFrames.STREAM_19_EMPTY_MSG);
      client.sendHex(GoldenFrames.STREAM_19_CLOSE);
      expectFrame(client, GoldenFrames.STREAM_19_CLOSE);

      // unknown-method.
      client.sendHex(GoldenFrames.STREAM_C21_UNKNOWN_METHOD);
      expectFrame(client, GoldenFrames.STREAM_S21_UNKNOWN_METHOD);
    }
  }

  @Test
  void theWholeClientSideInOneWriteGetsTheSameAnswers() throws Exception {
    try (TestSockets sockets = new TestSockets();
        TtrpcServer server = TtrpcServer.builder(sockets.address("echo.sock")).service(EchoService.definition())
            .build().start();
        RawPeer client = RawPeer.connect(sockets.path("echo.sock"))) {
      // Every non-interactive call of the recording back to back; the answers of different streams may interleave,
      // so they are compared per stream.
      client.sendHex(GoldenFrames.STREAM_C1_ECHO + GoldenFrames.STREAM_C3_REPEAT + GoldenFrames.STREAM_C5_SUM
          + GoldenFrames.STREAM_C5_SUM_FOO + GoldenFrames.STREAM_C5_SUM_BAR + GoldenFrames.STREAM_C5_SUM_BAZ
          + GoldenFrames.STREAM_C5_SUM_CLOSE + GoldenFrames.STREAM_C9_ECHO_EMPTY
          + GoldenFrames.STREAM_C13_REPEAT_ZERO + GoldenFrames.STREAM_C15_SUM_EMPTY
          + GoldenFrames.STREAM_C15_SUM_EMPTY_CLOSE + GoldenFrames.STREAM_C21_UNKNOWN_METHOD);
      List<String> expected = List.of(GoldenFrames.STREAM_S1_ECHO, GoldenFrames.STREAM_S3_REPEAT_DATA,
          GoldenFrames.STREAM_S3_REPEAT_DATA, GoldenFrames.STREAM_S3_REPEAT_DATA, GoldenFrames.STREAM_S3_REPEAT_END,
          GoldenFrames.STREAM_S5_SUM, GoldenFrames.STREAM_S9_ECHO_EMPTY, GoldenFrames.STREAM_S13_REPEAT_ZERO_END,
          GoldenFrames.STREAM_S15_SUM_EMPTY, GoldenFrames.STREAM_S21_UNKNOWN_METHOD);
      List<String> got = new java.util.ArrayList<>();
      for (int i = 0; i < expected.size(); i++) {
        got.add(client.readFrameHex());
      }
      assertThat(got).containsExactlyInAnyOrderElementsOf(expected);
      // Within the Repeat stream, order holds: the end comes after the three messages.
      assertThat(got.lastIndexOf(GoldenFrames.STREAM_S3_REPEAT_DATA))
          .isLessThan(got.indexOf(GoldenFrames.STREAM_S3_REPEAT_END));
    }
  }

  // ---------------------------------------------------------------- the runc shim's answers, from our server

  static final MethodDescriptor<Empty, Empty> CONNECT = MethodDescriptor.of(GoldenFrames.TASK_SERVICE, "Connect",
      MethodType.UNARY, Empty.parser(), Empty.parser());
  static final MethodDescriptor<Empty, Empty> STATE = MethodDescriptor.of(GoldenFrames.TASK_SERVICE, "State",
      MethodType.UNARY, Empty.parser(), Empty.parser());
  static final MethodDescriptor<Empty, Empty> KILL = MethodDescriptor.of(GoldenFrames.TASK_SERVICE, "Kill",
      MethodType.UNARY, Empty.parser(), Empty.parser());

  @Test
  void answersLikeTheRuncShim() throws Exception {
    List<String> namespaces = new CopyOnWriteArrayList<>();
    List<String> requests = new CopyOnWriteArrayList<>();
    // A stand-in for the shim's task service that knows one container, "peer", created but with no task.
    ServiceDefinition task = ServiceDefinition.builder(GoldenFrames.TASK_SERVICE)
        .unary(CONNECT, (req, ctx) -> {
          namespaces.add(ctx.metadata().get(GoldenFrames.NAMESPACE_KEY));
          requests.add(hex(req.toByteArray()));
          String id = req.getUnknownFields().getField(1).getLengthDelimitedList().get(0).toStringUtf8();
          return Empty.parseFrom(bytes(id.equals("peer") ? "08a0c90110b6c901" : "08a0c901"));
        })
        .unary(STATE, (req, ctx) -> {
          namespaces.add(ctx.metadata().get(GoldenFrames.NAMESPACE_KEY));
          requests.add(hex(req.toByteArray()));
          if (req.getUnknownFields().hasField(2)) {
            throw TtrpcException.of(Code.NOT_FOUND, "process does not exist "
                + req.getUnknownFields().getField(2).getLengthDelimitedList().get(0).toStringUtf8() + ": not found");
          }
          throw TtrpcException.of(Code.NOT_FOUND, "container not created: not found");
        })
        .unary(KILL, (req, ctx) -> {
          namespaces.add(ctx.metadata().get(GoldenFrames.NAMESPACE_KEY));
          requests.add(hex(req.toByteArray()));
          throw TtrpcException.of(Code.NOT_FOUND, "container not created: not found");
        })
        .build();
    try (TestSockets sockets = new TestSockets();
        TtrpcServer server = TtrpcServer.builder(sockets.address("shim.sock")).service(task).build().start();
        RawPeer client = RawPeer.connect(sockets.path("shim.sock"))) {
      for (GoldenFrames.Golden g : GoldenFrames.SHIM) {
        if (g.dir() == GoldenFrames.Dir.CLIENT_TO_SERVER) {
          client.sendHex(g.hex());
        } else {
          assertThat(client.readFrameHex()).as(g.name()).isEqualTo(g.hex());
        }
      }
      // The five calls that reached a handler carried the namespace and the recorded task messages.
      assertThat(namespaces).containsOnly(GoldenFrames.NAMESPACE).hasSize(5);
      assertThat(requests).containsExactly("0a0470656572", "0a116e6f2d737563682d636f6e7461696e6572",
          "0a116e6f2d737563682d636f6e7461696e6572", "0a116e6f2d737563682d636f6e7461696e6572180f",
          "0a0470656572120c6e6f2d737563682d65786563");
    }
  }

  // ---------------------------------------------------------------- appendix B: the Go 1.2.4 crash

  @Test
  void dataForAnUnknownStreamIsAnsweredAndTheServerLivesOn() throws Exception {
    try (TestSockets sockets = new TestSockets();
        TtrpcServer server = TtrpcServer.builder(sockets.address("echo.sock")).service(EchoService.definition())
            .build().start();
        RawPeer client = RawPeer.connect(sockets.path("echo.sock"))) {
      // "foo" on stream 5, which was never opened (Go 1.2.4 dies here).
      client.sendHex(GoldenFrames.STREAM_C5_SUM_FOO);
      RawFrame answer = client.readFrame();
      assertThat(answer.streamId()).isEqualTo(5);
      assertThat(answer.type()).isEqualTo(RawFrame.RESPONSE);
      Response env = RawPeer.envelope(answer);
      assertThat(env.getStatus().getCode()).isEqualTo(Code.INVALID_ARGUMENT.number());
      assertThat(env.getPayload().isEmpty()).isTrue();

      // Also a closing Data frame for a stream that never existed.
      client.sendHex(withStream(GoldenFrames.STREAM_C5_SUM_CLOSE, 9));
      RawFrame closeAnswer = client.readFrame();
      assertThat(closeAnswer.streamId()).isEqualTo(9);
      assertThat(RawPeer.envelope(closeAnswer).getStatus().getCode()).isEqualTo(Code.INVALID_ARGUMENT.number());

      // The same connection still serves: the recorded Echo, byte for byte.
      client.sendHex(GoldenFrames.STREAM_C1_ECHO);
      expectFrame(client, GoldenFrames.STREAM_S1_ECHO);

      // A Data frame for that finished stream is refused the same way, and the server still serves.
      client.sendHex(withStream(GoldenFrames.STREAM_C5_SUM_FOO, 1));
      RawFrame finished = client.readFrame();
      assertThat(finished.streamId()).isEqualTo(1);
      Status status = RawPeer.envelope(finished).getStatus();
      assertThat(status.getCode()).isEqualTo(Code.INVALID_ARGUMENT.number());
      client.sendHex(withStream(GoldenFrames.STREAM_C1_ECHO, 3));
      expectFrame(client, withStream(GoldenFrames.STREAM_S1_ECHO, 3));

      // And another connection is served too.
      try (RawPeer other = RawPeer.connect(sockets.path("echo.sock"))) {
        other.sendHex(GoldenFrames.STREAM_C1_ECHO);
        expectFrame(other, GoldenFrames.STREAM_S1_ECHO);
      }
    }
  }

  /**
   * Go issue 126, matched on the wire: on a client-streaming method an empty first message is delivered only when
   * the Request carries the payload field (here present but empty, 1a00).
   */
  @Test
  void emptyFirstMessageIsDeliveredOnlyWhenThePayloadFieldIsPresent() throws Exception {
    try (TestSockets sockets = new TestSockets();
        TtrpcServer server = TtrpcServer.builder(sockets.address("echo.sock")).service(EchoService.definition())
            .build().start();
        RawPeer client = RawPeer.connect(sockets.path("echo.sock"))) {
      String chatWithEmptyPayload = "0000001d000000010102" + RawFrame.parse(GoldenFrames.STREAM_C7_CHAT).hex()
          .substring(20) + "1a00";
      client.sendHex(chatWithEmptyPayload + "00000000000000010305");
      expectFrame(client, "00000000000000010300");
      expectFrame(client, "00000000000000010305");

      client.sendHex(withStream(GoldenFrames.STREAM_C7_CHAT, 3) + "00000000000000030305");
      expectFrame(client, "00000000000000030305");
    }
  }
}
