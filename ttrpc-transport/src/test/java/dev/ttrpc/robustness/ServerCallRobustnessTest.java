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

/** Calls that go wrong: unknown names, failing handlers, extreme timeouts, answers over the limit, abrupt ends. */
class ServerCallRobustnessTest extends RobustServerFixture {
  // ---------------------------------------------------------------- unknown names and failing handlers

  @Test
  void unknownServiceAndMethodAreUnimplemented() throws IOException {
    start();
    try (RawPeer p = peer()) {
      p.send(RawPeer.request(1, 0, "no.such.Service", "Echo", bv("x").toByteArray()));
      assertThat(expectError(p, 1, Code.UNIMPLEMENTED).getStatus().getMessage()).isEqualTo("service no.such.Service");
      p.send(RawPeer.request(3, 0, EchoService.NAME, "NoSuchMethod", bv("x").toByteArray()));
      assertThat(expectError(p, 3, Code.UNIMPLEMENTED).getStatus().getMessage()).isEqualTo("method NoSuchMethod");
      // Streaming shapes of unknown methods too.
      p.send(RawPeer.request(5, Frames.FLAG_REMOTE_OPEN, EchoService.NAME, "NoSuchStream", null));
      assertThat(expectError(p, 5, Code.UNIMPLEMENTED).getStatus().getMessage()).isEqualTo("method NoSuchStream");
      // An empty envelope names no service at all.
      p.sendFrame(7, RawFrame.REQUEST, 0, new byte[0]);
      assertThat(expectError(p, 7, Code.UNIMPLEMENTED).getStatus().getMessage()).isEqualTo("service ");
      expectEchoWorks(p, 9);
    }
    expectOthersServed();
  }

  @Test
  void handlerThrowingARuntimeExceptionIsUnknownWithItsMessage() throws IOException {
    start();
    try (RawPeer p = peer()) {
      p.send(RawPeer.request(1, 0, FAULTY, "Boom", null));
      Response env = expectError(p, 1, Code.UNKNOWN);
      assertThat(env.getStatus().getMessage()).isEqualTo("kaboom");
      expectEchoWorks(p, 3);
    }
    expectOthersServed();
  }

  @Test
  void handlerThrowingTtrpcExceptionPassesThrough() throws IOException {
    start();
    try (RawPeer p = peer()) {
      p.send(RawPeer.request(1, 0, EchoService.NAME, "Fail",
          StringValue.of("5 container gone: not found").toByteArray()));
      Response env = expectError(p, 1, Code.NOT_FOUND);
      assertThat(env.getStatus().getMessage()).isEqualTo("container gone: not found");
      assertThat(env.getStatus().getDetailsList()).isEmpty();
      // Byte-exact like the shim's NotFound: Response{status{code 5, message}} and nothing else.
      assertThat(GoldenFrames.hex(Response.newBuilder().setStatus(env.getStatus()).build().toByteArray()))
          .startsWith("0a1d0805");
      expectEchoWorks(p, 3);
    }
    expectOthersServed();
    // The same through a client.
    TtrpcException e = org.assertj.core.api.Assertions.catchThrowableOfType(
        () -> other.call(EchoService.FAIL, StringValue.of("5 container gone: not found")), TtrpcException.class);
    assertThat(e.code()).isEqualTo(Code.NOT_FOUND);
    assertThat(e.status().message()).isEqualTo("container gone: not found");
  }

  @Test
  void streamingHandlerThrowingEndsItsStreamWithAResponse() throws IOException {
    start();
    try (RawPeer p = peer()) {
      p.send(RawPeer.request(1, Frames.FLAG_REMOTE_CLOSED, FAULTY, "BoomStream", bv("one").toByteArray()));
      RawFrame data = p.readFrame();
      assertThat(data.streamId()).isEqualTo(1);
      assertThat(data.type()).isEqualTo(RawFrame.DATA);
      assertThat(BytesValue.parseFrom(data.payload())).isEqualTo(bv("one"));
      Response env = expectError(p, 1, Code.UNKNOWN);
      assertThat(env.getStatus().getMessage()).isEqualTo("stream kaboom");
      expectEchoWorks(p, 3);
    }
    expectOthersServed();
  }

  static Stream<Arguments> extremeTimeouts() {
    return Stream.of(
        Arguments.of(0L, Code.OK),
        Arguments.of(Long.MAX_VALUE, Code.OK),
        Arguments.of(1L << 62, Code.OK),
        // A negative timeout means the caller's deadline passed on the way: already expired (as in Go).
        Arguments.of(-1L, Code.DEADLINE_EXCEEDED),
        Arguments.of(-(1L << 62), Code.DEADLINE_EXCEEDED),
        Arguments.of(Long.MIN_VALUE, Code.DEADLINE_EXCEEDED));
  }

  @ParameterizedTest(name = "timeout_nano {0} -> {1}")
  @MethodSource("extremeTimeouts")
  void extremeTimeoutsAreHandledAndTheConnectionLivesOn(long timeoutNanos, Code expected) throws IOException {
    start();
    try (RawPeer p = peer()) {
      byte[] envelope = Request.newBuilder().setService(EchoService.NAME).setMethod("Echo")
          .setPayload(bv("t").toByteString()).setTimeoutNano(timeoutNanos).build().toByteArray();
      p.sendFrame(1, RawFrame.REQUEST, 0, envelope);
      if (expected == Code.OK) {
        RawFrame f = p.readFrame();
        assertThat(f.streamId()).isEqualTo(1);
        Response env = RawPeer.envelope(f);
        assertThat(env.hasStatus()).as("status %s", env.getStatus()).isFalse();
        assertThat(BytesValue.parseFrom(env.getPayload())).isEqualTo(bv("t"));
      } else {
        expectError(p, 1, expected);
      }
      expectEchoWorks(p, 3);
    }
    expectOthersServed();
  }

  /** Ours answers RESOURCE_EXHAUSTED on the stream and keeps the connection (Go would close it). */
  @Test
  void answerOverTheLimitIsResourceExhaustedAndTheConnectionLivesOn() throws IOException {
    start(1024);
    try (RawPeer p = peer()) {
      p.send(RawPeer.request(1, 0, FAULTY, "Big", null));
      Response unary = expectError(p, 1, Code.RESOURCE_EXHAUSTED);
      assertThat(unary.getStatus().getMessage()).contains("1024");
      p.send(RawPeer.request(3, Frames.FLAG_REMOTE_CLOSED, FAULTY, "BigStream", null));
      expectError(p, 3, Code.RESOURCE_EXHAUSTED);
      expectEchoWorks(p, 5);
    }
    expectOthersServed();
  }

  /**
   * A client sends a request, more bytes, and closes its socket, while the server's I/O thread is busy (here: held
   * inside the executor's execute() for the first call). The last bytes and the close are then seen together
   * (POLLIN|POLLHUP): the server must still notice the end and drop that connection, and serve others.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"a whole request", "part of a frame"})
  void closeArrivingTogetherWithTheLastBytesIsNoticed(String lastBytes) throws Exception {
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newCachedThreadPool();
    java.util.concurrent.atomic.AtomicBoolean holdNext = new java.util.concurrent.atomic.AtomicBoolean(true);
    CountDownLatch ioThreadHeld = new CountDownLatch(1);
    try {
      start(command -> {
        if (holdNext.getAndSet(false)) {
          ioThreadHeld.countDown();
          try {
            gate.await(60, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        pool.execute(command);
      });
      RawPeer p = peer();
      p.send(echo(1, "first"));
      assertThat(ioThreadHeld.await(20, TimeUnit.SECONDS)).isTrue();
      if (lastBytes.equals("a whole request")) {
        p.send(echo(3, "second"));
      } else {
        p.sendHex(echo(3, "second").hex().substring(0, 30));
      }
      p.close();
      gate.countDown();
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
          assertThat(server.connectionCount()).as("only the other client's connection is left").isEqualTo(1));
      expectOthersServed();
    } finally {
      pool.shutdownNow();
    }
  }
}
