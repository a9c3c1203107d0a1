package dev.ttrpc.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Runs the load client against the bench server in-process: every method, zero errors, the full JSON line. */
class BenchRoundTripTest {
  private static Path dir;
  private static Path socket;
  private static BenchServer server;

  @BeforeAll
  static void start() throws IOException {
    dir = Files.createTempDirectory(Path.of("/tmp"), "ttrpc-bench-test");
    socket = dir.resolve("bench.sock");
    server = BenchServer.start(socket, "pool");
  }

  @AfterAll
  static void stop() throws IOException {
    if (server != null) {
      server.close();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"Echo, 1, 16", "Echo, 8, 1024", "Echo, 4, 70000", "Repeat, 4, 16", "Sum, 4, 100", "Chat, 4, 64"})
  void everyCallChecksOut(String method, int concurrency, int size) throws Exception {
    BenchResult r = BenchClient.run(new ClientOptions(socket, concurrency, 300, size, 30, method,
        method.equals("Echo") ? 1 : 3, ProcessHandle.current().pid()));

    assertThat(r.errors()).as("errors (first: %s)", r.firstError()).isZero();
    assertThat(r.calls()).isEqualTo(300);
    assertThat(r.method()).isEqualTo(method);
    String json = r.toJson();
    assertThat(json).startsWith("{").endsWith("}").doesNotContain("\n").doesNotContain("first_error");
    for (String field : new String[] {"calls", "seconds", "calls_per_sec", "p50_us", "p99_us", "p999_us", "max_us",
        "errors", "client_cpu_us_per_call", "mb_per_sec", "server_cpu_us_per_call"}) {
      assertThat(json).contains("\"" + field + "\":");
    }
    assertThat(json).contains("\"errors\":0,");
    assertThat(r.p50Us()).isLessThanOrEqualTo(r.p99Us());
    assertThat(r.p99Us()).isLessThanOrEqualTo(r.maxUs());
  }

  @Test
  void directExecutorServesUnaryInlineAndStreamsOnAPool() throws Exception {
    Path other = dir.resolve("direct.sock");
    try (BenchServer direct = BenchServer.start(other, "direct")) {
      for (String method : new String[] {"Echo", "Chat"}) {
        BenchResult r = BenchClient.run(new ClientOptions(other, 4, 200, 32, 0, method, 2, -1));
        assertThat(r.errors()).as("%s errors (first: %s)", method, r.firstError()).isZero();
      }
    }
  }

  @Test
  void aMismatchedResponseIsAnError() {
    Payload p = new Payload(16);
    var request = p.next(42);
    assertThat(p.matches(request)).isTrue();
    var other = com.google.protobuf.BytesValue.of(request.getValue().substring(0, 15)
        .concat(com.google.protobuf.ByteString.copyFrom(new byte[] {1})));
    assertThat(p.matches(other)).isFalse();
    assertThat(BenchResult.quote("a\"b\\\n")).isEqualTo("\"a\\\"b\\\\\\n\"");
  }

  @Test
  void percentilesAreNearestRank() {
    LatencyRecorder r = new LatencyRecorder(100);
    for (int i = 0; i < 100; i++) {
      r.record(i, (100 - i) * 1000L);
    }
    assertThat(r.percentileMicros(0.5)).isEqualTo(50.0);
    assertThat(r.percentileMicros(0.99)).isEqualTo(99.0);
    assertThat(r.percentileMicros(1.0)).isEqualTo(100.0);
  }
}
