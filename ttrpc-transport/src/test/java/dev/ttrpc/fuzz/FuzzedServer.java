package dev.ttrpc.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import dev.ttrpc.client.Backoff;
import dev.ttrpc.client.TtrpcClient;
import dev.ttrpc.codec.proto.Response;
import dev.ttrpc.golden.RawFrame;
import dev.ttrpc.golden.RawPeer;
import dev.ttrpc.server.TtrpcServer;
import dev.ttrpc.testing.CapturedStderr;
import dev.ttrpc.testing.EchoService;
import dev.ttrpc.testing.Poll;
import dev.ttrpc.testing.TestSockets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A real server under fuzzing, and the checks every case ends with: the case finished within a bound (a hang
 * detector, not a timing claim), every answer is a well-formed frame on a stream the case used, the offending
 * connection still serves when the protocol lets it (a fresh Echo after the case's bytes), the server forgets the
 * connection once we hang up, another connection is served, no thread died of an uncaught exception and the server
 * logged no error.
 */
final class FuzzedServer implements AutoCloseable {
  /** Large enough that the 16 KiB metadata limit is reachable within one message. */
  static final int MAX = 64 << 10;
  static final Duration BOUND = Duration.ofSeconds(30);

  private final TestSockets sockets = new TestSockets();
  private final CapturedStderr log = new CapturedStderr();
  private final ConcurrentLinkedQueue<String> uncaught = new ConcurrentLinkedQueue<>();
  private final Thread.UncaughtExceptionHandler previousHandler = Thread.getDefaultUncaughtExceptionHandler();
  private final TtrpcServer server;
  private final TtrpcClient other;
  private int logChecked;
  int cases;

  /** What one case's connection received, and whether its fresh Echo was sent and answered. */
  record Exchange(WireModel sent, List<RawFrame> received, long sentinelId) {}

  FuzzedServer() throws IOException {
    Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(t.getName() + ": " + e));
    server = TtrpcServer.builder(sockets.address("f.sock"))
        .service(EchoService.definition())
        .maxMessageSize(MAX)
        .build()
        .start();
    other = TtrpcClient.builder(sockets.address("f.sock")).reconnect(false, Backoff.DEFAULT).connect();
  }

  /**
   * A started server for a test's field, which JUnit closes after each test ({@code @AutoClose}); a field's
   * initializer cannot throw the constructor's checked exception.
   */
  static FuzzedServer started() {
    try {
      return new FuzzedServer();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the server under fuzzing", e);
    }
  }

  /** Runs one case and every common check; returns what came back for the case's own checks. */
  Exchange run(byte[] bytes) throws Exception {
    return run(bytes, frames -> true);
  }

  /**
   * Runs one case and every common check; returns what came back for the case's own checks. Before hanging up,
   * waits until the frames received are {@code settled} (and the Echo is answered): our hang-up would cancel calls
   * still running.
   */
  Exchange run(byte[] bytes, Predicate<List<RawFrame>> settled) throws Exception {
    cases++;
    CompletableFuture<Exchange> exchange = CompletableFuture.supplyAsync(() -> exchange(bytes, settled));
    Exchange result;
    try {
      result = exchange.get(BOUND.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("the case did not finish within " + BOUND + " (a hang)");
    }
    for (RawFrame f : result.received()) {
      assertThat(f.type()).as("a server sends Responses and Data only: %s", f).isIn(RawFrame.RESPONSE, RawFrame.DATA);
      assertThat(result.sent().mentions(f.streamId()) || f.streamId() == (int) result.sentinelId())
          .as("answer on a stream the case used: %s", f).isTrue();
      if (f.type() == RawFrame.RESPONSE) {
        Response env = RawPeer.envelope(f);
        assertThat(env.getStatus().getCode()).as("status code of %s", f).isBetween(0, 16);
      }
    }
    if (result.sentinelId() >= 0) {
      RawFrame answer = result.received().stream().filter(f -> f.streamId() == (int) result.sentinelId())
          .findFirst().orElseThrow(() -> new AssertionError("the connection stopped serving: no answer to the Echo"
              + " on stream " + result.sentinelId() + " sent after the case; received " + result.received()));
      Response env = RawPeer.envelope(answer);
      assertThat(env.hasStatus()).as("the Echo after the case: %s", env.getStatus()).isFalse();
      assertThat(BytesValue.parseFrom(env.getPayload())).isEqualTo(sentinel(result.sentinelId()));
    }
    Poll.until(BOUND, () -> server.connectionCount() == 1,
        () -> "the server forgets the case's connection; open: " + server.connectionCount());
    assertThat(other.call(EchoService.ECHO, sentinel(cases))).as("another connection is served")
        .isEqualTo(sentinel(cases));
    assertThat(uncaught).as("uncaught exceptions").isEmpty();
    String newLog = log.text().substring(logChecked);
    logChecked += newLog.length();
    assertThat(newLog).as("server log").doesNotContain(" ERROR ").doesNotContain("Exception");
    return result;
  }

  private Exchange exchange(byte[] bytes, Predicate<List<RawFrame>> settled) {
    try (RawPeer peer = RawPeer.connect(sockets.path("f.sock"))) {
      List<RawFrame> frames = new CopyOnWriteArrayList<>();
      CompletableFuture<List<RawFrame>> reader = CompletableFuture.supplyAsync(() -> readUntilClosed(peer, frames));
      byte[] all = completeLastFrame(bytes, 2L * MAX);
      WireModel model = WireModel.of(all);
      long sentinelId = model.bytesToBoundary() == 0 ? model.nextRequestId() : -1;
      try {
        peer.send(all);
        if (sentinelId >= 0) {
          peer.send(RawPeer.request((int) sentinelId, 0, EchoService.NAME, "Echo",
              sentinel(sentinelId).toByteArray()));
        }
      } catch (IOException serverClosedFirst) {
        // Only a case the server may end (an unfinishable frame) gets here; the checks on the answers decide.
        sentinelId = -1;
      }
      // Half-close only once the Echo and the answers the case expects are in: the server ends a connection at our
      // end of stream, and calls still running then are cancelled, not answered.
      long id = sentinelId;
      Poll.until(BOUND, () -> reader.isDone() || (id < 0 || frames.stream().anyMatch(f -> f.streamId() == (int) id))
          && settled.test(frames), () -> "the case's answers (and the Echo's on " + id + "); got " + frames);
      try {
        peer.shutdownOutput();
      } catch (IOException alreadyClosed) {
        // The server closed the connection: the reader sees the end.
      }
      return new Exchange(WireModel.of(all), reader.get(BOUND.toSeconds(), TimeUnit.SECONDS), sentinelId);
    } catch (Exception e) {
      throw new IllegalStateException("case failed: " + e, e);
    }
  }

  /** Reads frames into {@code frames} (visible as they arrive) until the server closes; a read timeout fails. */
  static List<RawFrame> readUntilClosed(RawPeer peer, List<RawFrame> frames) {
    while (true) {
      try {
        frames.add(peer.readFrame());
      } catch (java.io.EOFException e) {
        return frames;
      } catch (java.net.SocketTimeoutException e) {
        throw new UncheckedIOException("no frame and no close within the read bound", e);
      } catch (IOException e) {
        return frames; // a reset: the server closed with our bytes unread
      }
    }
  }

  /** Appends zeros until the last frame is whole, when that takes at most {@code most} bytes. */
  static byte[] completeLastFrame(byte[] bytes, long most) {
    for (int i = 0; i < 3; i++) {
      long missing = WireModel.of(bytes).bytesToBoundary();
      if (missing == 0 || missing > most) {
        break;
      }
      bytes = Mutator.concat(bytes, new byte[(int) missing]);
    }
    return bytes;
  }

  static BytesValue sentinel(long id) {
    return BytesValue.of(ByteString.copyFromUtf8("alive after case " + id));
  }

  @Override
  public void close() {
    other.close();
    server.close();
    sockets.close();
    log.close();
    Thread.setDefaultUncaughtExceptionHandler(previousHandler);
  }
}
