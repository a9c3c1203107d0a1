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

/**
 * A real {@link TtrpcServer} fed protocol violations over raw sockets. Each case checks the exact status on the
 * offending stream, that the offending connection goes on serving when it should (a valid Echo afterwards on the
 * same connection), and that other connections are always served (a call from a separate client).
 */
@Timeout(120)
abstract class RobustServerFixture {
  static final String FAULTY = "robust.v1.Faulty";
  /** Throws a plain RuntimeException. */
  static final MethodDescriptor<Empty, Empty> BOOM = MethodDescriptor.of(FAULTY, "Boom", MethodType.UNARY,
      Empty.parser(), Empty.parser());
  /** Blocks until the test opens {@link #gate}, then answers. */
  static final MethodDescriptor<Empty, Empty> HOLD = MethodDescriptor.of(FAULTY, "Hold", MethodType.UNARY,
      Empty.parser(), Empty.parser());
  /** Server-streaming: blocks until the test opens {@link #gate}, then ends the stream. */
  static final MethodDescriptor<Empty, Empty> HOLD_STREAM = MethodDescriptor.of(FAULTY, "HoldStream",
      MethodType.SERVER_STREAMING, Empty.parser(), Empty.parser());
  /** Server-streaming: sends its request back once, then throws. */
  static final MethodDescriptor<BytesValue, BytesValue> BOOM_STREAM = MethodDescriptor.of(FAULTY, "BoomStream",
      MethodType.SERVER_STREAMING, BytesValue.parser(), BytesValue.parser());

  /** Answers a 2000-byte message (over a 1024-byte limit). */
  static final MethodDescriptor<Empty, BytesValue> BIG = MethodDescriptor.of(FAULTY, "Big", MethodType.UNARY,
      Empty.parser(), BytesValue.parser());
  /** Server-streaming: tries to send a 2000-byte message. */
  static final MethodDescriptor<Empty, BytesValue> BIG_STREAM = MethodDescriptor.of(FAULTY, "BigStream",
      MethodType.SERVER_STREAMING, Empty.parser(), BytesValue.parser());

  final CountDownLatch gate = new CountDownLatch(1);
  TestSockets sockets;
  TtrpcServer server;
  TtrpcClient other;

  ServiceDefinition faulty() {
    return ServiceDefinition.builder(FAULTY)
        .unary(BOOM, (req, ctx) -> {
          throw new IllegalStateException("kaboom");
        })
        .unary(HOLD, (req, ctx) -> {
          gate.await(60, TimeUnit.SECONDS);
          return Empty.getDefaultInstance();
        })
        .stream(HOLD_STREAM, stream -> {
          stream.receive();
          gate.await(60, TimeUnit.SECONDS);
          return null;
        })
        .stream(BOOM_STREAM, stream -> {
          stream.send(stream.receive());
          throw new IllegalArgumentException("stream kaboom");
        })
        .unary(BIG, (req, ctx) -> BytesValue.of(ByteString.copyFrom(new byte[2000])))
        .stream(BIG_STREAM, stream -> {
          stream.receive();
          stream.send(BytesValue.of(ByteString.copyFrom(new byte[2000])));
          return null;
        })
        .build();
  }

  void start(int maxMessageSize) throws IOException {
    sockets = new TestSockets();
    server = TtrpcServer.builder(sockets.address("r.sock"))
        .service(EchoService.definition())
        .service(faulty())
        .maxMessageSize(maxMessageSize)
        .build()
        .start();
    other = TtrpcClient.builder(sockets.address("r.sock")).reconnect(false, Backoff.DEFAULT).connect();
  }

  /** Starts the server with handlers run by {@code executor} (its execute() is called on the I/O thread). */
  void start(java.util.concurrent.Executor executor) throws IOException {
    sockets = new TestSockets();
    server = TtrpcServer.builder(sockets.address("r.sock"))
        .service(EchoService.definition())
        .service(faulty())
        .executor(executor)
        .build()
        .start();
    other = TtrpcClient.builder(sockets.address("r.sock")).reconnect(false, Backoff.DEFAULT).connect();
  }

  void start() throws IOException {
    start(Frames.DEFAULT_MAX_MESSAGE_SIZE);
  }

  @AfterEach
  void stop() {
    gate.countDown();
    if (other != null) {
      other.close();
    }
    if (server != null) {
      server.close();
    }
    if (sockets != null) {
      sockets.close();
    }
  }

  RawPeer peer() throws IOException {
    return RawPeer.connect(sockets.path("r.sock"));
  }

  // ---------------------------------------------------------------- helpers

  static BytesValue bv(String s) {
    return BytesValue.of(ByteString.copyFromUtf8(s));
  }

  static RawFrame echo(int streamId, String text) {
    return RawPeer.request(streamId, 0, EchoService.NAME, "Echo", bv(text).toByteArray());
  }

  /** An Echo Request whose envelope is exactly {@code size} bytes. */
  static RawFrame echoOfSize(int streamId, int size) {
    for (int n = Math.max(0, size - 40); n <= size; n++) {
      byte[] message = BytesValue.of(ByteString.copyFrom(new byte[n])).toByteArray();
      RawFrame f = RawPeer.request(streamId, 0, EchoService.NAME, "Echo", message);
      if (f.payload().length == size) {
        return f;
      }
    }
    throw new AssertionError("no Echo request of exactly " + size + " bytes");
  }

  /** Reads the next frame and checks it is an error Response on {@code streamId} with {@code code}. */
  static Response expectError(RawPeer peer, int streamId, Code code) throws IOException {
    RawFrame f = peer.readFrame();
    assertThat(f.streamId()).as("stream of %s", f).isEqualTo(streamId);
    assertThat(f.type()).as("type of %s", f).isEqualTo(RawFrame.RESPONSE);
    assertThat(f.flags()).isZero();
    Response env = RawPeer.envelope(f);
    assertThat(Code.forNumber(env.getStatus().getCode())).as("status of %s", env.getStatus()).isEqualTo(code);
    assertThat(env.getPayload().isEmpty()).isTrue();
    return env;
  }

  /** The connection still serves: an Echo on {@code streamId} comes back, and it is the next frame. */
  static void expectEchoWorks(RawPeer peer, int streamId) throws IOException {
    String text = "alive on " + streamId;
    peer.send(echo(streamId, text));
    RawFrame f = peer.readFrame();
    assertThat(f.streamId()).as("next frame %s", f).isEqualTo(streamId);
    assertThat(f.type()).isEqualTo(RawFrame.RESPONSE);
    Response env = RawPeer.envelope(f);
    assertThat(env.hasStatus()).isFalse();
    assertThat(BytesValue.parseFrom(env.getPayload())).isEqualTo(bv(text));
  }

  /** Other connections are served: a client call, and a fresh raw connection. */
  void expectOthersServed() throws IOException {
    assertThat(other.call(EchoService.ECHO, bv("other client"))).isEqualTo(bv("other client"));
    try (RawPeer fresh = peer()) {
      expectEchoWorks(fresh, 1);
    }
  }

  /** The server closes the offending connection once we stop sending, and forgets it. */
  void expectClosedByServerAfterOurEof(RawPeer peer) throws IOException {
    peer.shutdownOutput();
    List<RawFrame> rest = peer.readUntilClosed();
    assertThat(rest).as("frames after our end of stream").isEmpty();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(server.connectionCount()).as("only the other client's connection is left").isEqualTo(1));
  }


  void awaitNoCallInFlight() {
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(server.callsInFlight()).isZero());
  }
}
