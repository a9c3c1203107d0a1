package dev.ttrpc.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import dev.ttrpc.bench.BenchProtocol;
import dev.ttrpc.client.CallOptions;
import dev.ttrpc.client.TtrpcClient;
import dev.ttrpc.server.ServiceDefinition;
import dev.ttrpc.server.TtrpcServer;
import dev.ttrpc.transport.TtrpcAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The soak's verdicts against a server that answers right, or wrong in each way the soak must notice. */
class SoakCallerTest {
  private static final CallKind ECHO_1K = new CallKind("Echo", 1024, 1);
  private static final CallKind REPEAT_4 = new CallKind("Repeat", 64, 4);

  /** How the faulty server misbehaves: "ok", "flip", "stale" (answers a fixed earlier request), "more", "fewer". */
  private static final AtomicReference<String> mode = new AtomicReference<>("ok");
  private static final AtomicReference<BytesValue> stale = new AtomicReference<>();
  private static Path dir;
  private static TtrpcServer server;
  private static TtrpcClient client;
  private AnswerLedger ledger;
  private SoakCaller caller;

  @BeforeAll
  static void start() throws IOException {
    dir = Files.createTempDirectory(Path.of("/tmp"), "soak-test");
    Path socket = dir.resolve("s.sock");
    server = TtrpcServer.builder(TtrpcAddress.file(socket)).service(faultyService()).build().start();
    client = TtrpcClient.builder(TtrpcAddress.file(socket)).connect();
  }

  @AfterAll
  static void stop() throws IOException {
    client.close();
    server.close();
    Files.deleteIfExists(dir.resolve("s.sock"));
    Files.deleteIfExists(dir);
  }

  @BeforeEach
  void freshLedger() {
    mode.set("ok");
    ledger = new AnswerLedger(1024);
    caller = new SoakCaller(client, ledger, CallOptions.timeout(Duration.ofSeconds(10)));
  }

  private static ServiceDefinition faultyService() {
    return ServiceDefinition.builder(BenchProtocol.SERVICE)
        .unary(BenchProtocol.ECHO, (request, ctx) -> switch (mode.get()) {
          case "flip" -> {
            byte[] b = request.getValue().toByteArray();
            b[b.length - 1] ^= 1;
            yield BytesValue.of(ByteString.copyFrom(b));
          }
          case "stale" -> stale.get();
          default -> request;
        })
        .stream(BenchProtocol.REPEAT, stream -> {
          BytesValue request = stream.receive();
          int n = request.getValue().byteAt(0) + switch (mode.get()) {
            case "more" -> 1;
            case "fewer" -> -1;
            default -> 0;
          };
          for (int i = 0; i < n; i++) {
            stream.send(request);
          }
          return null;
        })
        .build();
  }

  @Test
  void everyKindOfTheMixChecksOutAgainstTheBenchServer() throws IOException {
    Path socket = dir.resolve("bench.sock");
    try (var bench = dev.ttrpc.bench.BenchServer.start(socket, "pool");
        TtrpcClient c = TtrpcClient.builder(TtrpcAddress.file(socket)).connect()) {
      SoakCaller good = new SoakCaller(c, ledger, CallOptions.timeout(Duration.ofSeconds(10)));
      CallKind[] kinds = new SoakMix(true).kinds();
      for (int i = 0; i < kinds.length; i++) {
        assertThat(good.call(i, kinds[i])).as(kinds[i].label()).isEqualTo(Outcome.OK);
      }
      assertThat(ledger.answered()).isEqualTo(kinds.length);
    } finally {
      Files.deleteIfExists(socket);
    }
  }

  @Test
  void aFlippedByteIsAMismatch() {
    mode.set("flip");
    assertThat(caller.call(7, ECHO_1K)).isEqualTo(Outcome.MISMATCHED);
    assertThat(ledger.isAnswered(7)).isFalse();
  }

  @Test
  void theAnswerOfAnAlreadyAnsweredCallIsADuplicate() {
    assertThat(caller.call(3, ECHO_1K)).isEqualTo(Outcome.OK);
    stale.set(BytesValue.of(ByteString.copyFrom(SoakPayload.build(3, 0, 1024, 0))));
    mode.set("stale");
    assertThat(caller.call(4, ECHO_1K)).isEqualTo(Outcome.DUPLICATED);
  }

  @Test
  void theAnswerOfAnotherUnansweredCallIsAMismatch() {
    stale.set(BytesValue.of(ByteString.copyFrom(SoakPayload.build(9, 0, 1024, 0))));
    mode.set("stale");
    assertThat(caller.call(4, ECHO_1K)).isEqualTo(Outcome.MISMATCHED);
  }

  @Test
  void aStreamThatSendsTooMuchIsADuplicateAndTooLittleIsALoss() {
    mode.set("more");
    assertThat(caller.call(1, REPEAT_4)).isEqualTo(Outcome.DUPLICATED);
    mode.set("fewer");
    assertThat(caller.call(2, REPEAT_4)).isEqualTo(Outcome.LOST);
    mode.set("ok");
    assertThat(caller.call(5, REPEAT_4)).isEqualTo(Outcome.OK);
    assertThat(ledger.answered()).isEqualTo(1);
  }
}
