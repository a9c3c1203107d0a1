package dev.ttrpc.spring.autoconfigure;

import static dev.ttrpc.spring.autoconfigure.ShimServerObservationTests.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Int32Value;
import dev.ttrpc.Code;
import dev.ttrpc.client.CallOptions;
import dev.ttrpc.client.ClientStream;
import dev.ttrpc.client.TtrpcClient;
import dev.ttrpc.server.TtrpcServer;
import dev.ttrpc.spring.client.ShimClientRegistry;
import dev.ttrpc.spring.observation.DefaultTtrpcClientObservationConvention;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code ttrpc.client.requests} observations of streaming calls: from open to the stream's end. */
class ShimClientStreamObservationTests {
  private Path dir;
  private TtrpcServer server;
  private ApplicationContextRunner runner;

  @BeforeEach
  void startServer() throws IOException {
    dir = Files.createTempDirectory(Path.of("/tmp"), "shim-stream-obs");
    server = TtrpcServer.builder("unix://" + dir.resolve("s.sock")).service(CountingService.definition()).build()
        .start();
    runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ShimClientAutoConfiguration.class,
            ShimObservationAutoConfiguration.class))
        .withUserConfiguration(ObservationTestConfiguration.class)
        .withPropertyValues("shim.client.shims.one.address=unix://" + dir.resolve("s.sock"),
            "shim.client.shims.gone.address=unix://" + dir.resolve("missing.sock"));
  }

  @AfterEach
  void stopServer() throws IOException {
    server.close();
    Files.deleteIfExists(dir.resolve("s.sock"));
    Files.deleteIfExists(dir);
  }

  private static Timer timer(MeterRegistry meters, String method, String status) {
    return meters.get(DefaultTtrpcClientObservationConvention.NAME)
        .tags("rpc.method", method, "rpc.status", status).timer();
  }

  @Test
  void serverStreamIsObservedUntilItEnds() {
    runner.run(context -> {
      TtrpcClient client = context.getBean(ShimClientRegistry.class).client("one");
      MeterRegistry meters = context.getBean(MeterRegistry.class);
      try (ClientStream<Int32Value, Int32Value> count = client.openStream(CountingService.COUNT, Int32Value.of(2),
          CallOptions.DEFAULT)) {
        assertThat(count.receive().getValue()).isZero();
        assertThat(meters.find(DefaultTtrpcClientObservationConvention.NAME).timer())
            .as("observation still open while the stream runs").isNull();
        assertThat(count.receive().getValue()).isEqualTo(1);
        assertThat(count.receive()).isNull();
      }
      Timer done = timer(meters, "Count", "OK");
      assertThat(done.count()).as("closing an ended stream does not count it again").isEqualTo(1);
      assertThat(done.getId().getTag("rpc.service")).isEqualTo(CountingService.NAME);
      assertThat(done.getId().getTag("shim")).isEqualTo("one");
    });
  }

  @Test
  void clientStreamIsObservedUntilItsResponse() {
    runner.run(context -> {
      ClientStream<Int32Value, Int32Value> sum = context.getBean(ShimClientRegistry.class).client("one")
          .openStream(CountingService.SUM, CallOptions.DEFAULT);
      sum.send(Int32Value.of(4));
      sum.send(Int32Value.of(5));
      assertThat(sum.closeAndReceive().getValue()).isEqualTo(9);
      assertThat(timer(context.getBean(MeterRegistry.class), "Sum", "OK").count()).isEqualTo(1);
    });
  }

  @Test
  void failedStreamIsObservedWithItsStatusAndError() {
    runner.run(context -> {
      ClientStream<Int32Value, Int32Value> count = context.getBean(ShimClientRegistry.class).client("one")
          .openStream(CountingService.COUNT, Int32Value.of(-1), CallOptions.DEFAULT);
      assertCode(count::receive, Code.INVALID_ARGUMENT);
      assertThat(timer(context.getBean(MeterRegistry.class), "Count", "INVALID_ARGUMENT").getId().getTag("error"))
          .isEqualTo("TtrpcException");
    });
  }

  @Test
  void abandonedStreamIsObservedAsCancelled() {
    runner.run(context -> {
      ClientStream<Int32Value, Int32Value> sum = context.getBean(ShimClientRegistry.class).client("one")
          .openStream(CountingService.SUM, CallOptions.DEFAULT);
      sum.send(Int32Value.of(1));
      sum.cancel();
      sum.close();
      assertThat(timer(context.getBean(MeterRegistry.class), "Sum", "CANCELLED").count()).isEqualTo(1);
    });
  }

  @Test
  void streamThatCannotOpenIsObservedWithTheFailure() {
    runner.run(context -> {
      TtrpcClient gone = context.getBean(ShimClientRegistry.class).client("gone");
      assertCode(() -> gone.openStream(CountingService.COUNT, Int32Value.of(1),
          CallOptions.timeout(Duration.ofSeconds(2))).receive(), Code.UNAVAILABLE);
      Timer failed = timer(context.getBean(MeterRegistry.class), "Count", "UNAVAILABLE");
      assertThat(failed.count()).isEqualTo(1);
      assertThat(failed.getId().getTag("shim")).isEqualTo("gone");
    });
  }
}
