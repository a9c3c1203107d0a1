package dev.ttrpc.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import dev.ttrpc.Code;
import dev.ttrpc.TtrpcException;
import dev.ttrpc.client.Backoff;
import dev.ttrpc.client.TtrpcClient;
import dev.ttrpc.golden.GoldenFrames.Dir;
import dev.ttrpc.golden.RawFrame;
import dev.ttrpc.golden.RawPeer;
import dev.ttrpc.testing.EchoService;
import dev.ttrpc.testing.TestSockets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Mutation fuzzing of the client's frame reading: a fake server answers a call with the server frames of the golden
 * recordings, broken at random. The call ends (answered, failed with a {@link TtrpcException}, or UNAVAILABLE once
 * the fake server hangs up) within a bound; a frame the client could not read fails with a protocol error, never
 * an unexpected exception; an answer over the limit fails RESOURCE_EXHAUSTED; the connection serves a next call
 * when the bytes ended on a frame boundary; no thread dies of an uncaught exception.
 */
class ClientFuzzTest {
  static final int MAX = 4096;
  static final Duration BOUND = Duration.ofSeconds(30);

  private TestSockets sockets;
  private RawPeer.Listener listener;
  private final ConcurrentLinkedQueue<String> uncaught = new ConcurrentLinkedQueue<>();
  private Thread.UncaughtExceptionHandler previousHandler;

  @BeforeEach
  void start() throws Exception {
    previousHandler = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(t.getName() + ": " + e));
    sockets = new TestSockets();
    listener = RawPeer.Listener.bind(sockets.path("fake.sock"));
  }

  @AfterEach
  void stop() throws Exception {
    listener.close();
    sockets.close();
    Thread.setDefaultUncaughtExceptionHandler(previousHandler);
  }

  static final int TRIES = 300;

  @Test
  void mutatedGoldenAnswersNeverBreakTheClient() {
    SeededFuzz.run(getClass(), "mutatedGoldenAnswersNeverBreakTheClient", TRIES, c -> {
      Mutator mutator = new Mutator(c.random().nextLong(), MAX);
      int mutations = c.random().nextInt(7);
      c.note(mutations + " mutations");
      answerWith(c.input(FuzzedServer.completeLastFrame(mutator.mutatedGolden(Dir.SERVER_TO_CLIENT, mutations),
          2 * MAX)));
    });
  }

  private void answerWith(byte[] bytes) throws Exception {
    CompletableFuture<Void> fuzzCase = CompletableFuture.runAsync(() -> {
      try {
        exchange(bytes);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    try {
      fuzzCase.get(BOUND.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("the case did not finish within " + BOUND + " (a hang)");
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IllegalStateException ise && ise.getCause() instanceof AssertionError ae ? ae
          : new AssertionError(e.getCause());
    }
    assertThat(uncaught).as("uncaught exceptions").isEmpty();
  }

  private void exchange(byte[] bytes) throws Exception {
    WireModel model = WireModel.of(bytes);
    try (TtrpcClient client = TtrpcClient.builder(sockets.address("fake.sock")).maxMessageSize(MAX)
        .reconnect(false, Backoff.DEFAULT).connect(); RawPeer server = listener.accept()) {
      CompletableFuture<BytesValue> first = client.callAsync(EchoService.ECHO, bv("first"));
      RawFrame request = server.readFrame();
      assertThat(request.type()).isEqualTo(RawFrame.REQUEST);
      int firstId = request.streamId();
      server.send(bytes);

      WireModel.Header firstAnswer = model.headers().stream()
          .filter(h -> h.streamId() == firstId && (h.type() == RawFrame.RESPONSE || h.type() == RawFrame.DATA))
          .findFirst().orElse(null);
      if (firstAnswer != null && firstAnswer.type() == RawFrame.RESPONSE && firstAnswer.length() > MAX) {
        assertThat(outcome(first)).as("an answer over the limit").isEqualTo(Code.RESOURCE_EXHAUSTED);
      }
      if (model.bytesToBoundary() == 0) {
        CompletableFuture<BytesValue> next = client.callAsync(EchoService.ECHO, bv("next"));
        RawFrame nextRequest = server.readFrame();
        assertThat(nextRequest.type()).isEqualTo(RawFrame.REQUEST);
        server.send(RawPeer.response(nextRequest.streamId(), bv("next").toByteArray()));
        if (model.mentions(nextRequest.streamId())) {
          outcome(next); // a fuzzed frame may have reached the next call first: it must still end properly
        } else {
          assertThat(next.get(BOUND.toSeconds(), TimeUnit.SECONDS)).as("the connection still serves")
              .isEqualTo(bv("next"));
        }
      }
      server.close();
      outcome(first);
    }
  }

  /** The call's end: OK, or the code of the {@link TtrpcException} it failed with (anything else fails). */
  private static Code outcome(CompletableFuture<BytesValue> call) throws Exception {
    try {
      call.get(BOUND.toSeconds(), TimeUnit.SECONDS);
      return Code.OK;
    } catch (ExecutionException e) {
      assertThat(e.getCause()).as("how a call fails").isInstanceOf(TtrpcException.class);
      TtrpcException t = (TtrpcException) e.getCause();
      assertThat(t.getMessage()).as("a frame the client could not read is a protocol error, not a bug")
          .doesNotContain("cannot read the answer");
      return t.code();
    }
  }

  static BytesValue bv(String s) {
    return BytesValue.of(ByteString.copyFromUtf8(s));
  }
}
