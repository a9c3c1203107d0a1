package dev.ttrpc.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Int32Value;
import com.google.protobuf.MessageLite;
import dev.ttrpc.Code;
import dev.ttrpc.MethodDescriptor;
import dev.ttrpc.TtrpcException;
import dev.ttrpc.client.CallOptions;
import dev.ttrpc.client.ClientStream;
import dev.ttrpc.client.TtrpcClient;
import dev.ttrpc.server.ServerContext;
import dev.ttrpc.server.ServerInterceptor;
import dev.ttrpc.server.TtrpcServer;
import dev.ttrpc.server.UnaryHandler;
import dev.ttrpc.shim.task.v2.ConnectRequest;
import dev.ttrpc.shim.task.v2.ConnectResponse;
import dev.ttrpc.shim.task.v2.KillRequest;
import dev.ttrpc.shim.task.v2.PidsRequest;
import dev.ttrpc.shim.task.v2.ShutdownRequest;
import dev.ttrpc.shim.task.v2.StateRequest;
import dev.ttrpc.shim.task.v2.StateResponse;
import dev.ttrpc.shim.task.v2.TaskClient;
import dev.ttrpc.shim.task.v2.TaskService;
import dev.ttrpc.shim.task.v2.WaitRequest;
import dev.ttrpc.shim.task.v2.WaitResponse;
import dev.ttrpc.spring.observation.DefaultTtrpcServerObservationConvention;
import dev.ttrpc.spring.observation.ObservationServerInterceptor;
import dev.ttrpc.spring.observation.TtrpcServerObservationContext;
import dev.ttrpc.spring.observation.TtrpcServerObservationConvention;
import dev.ttrpc.spring.server.ShimService;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.ObservationRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code ttrpc.server.requests} observations of the auto-configured shim server, unary and streaming. */
class ShimServerObservationTests {
  private Path dir;
  private ApplicationContextRunner runner;

  @BeforeEach
  void tempDir() throws IOException {
    dir = Files.createTempDirectory(Path.of("/tmp"), "shim-srv-obs");
    runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ShimServerAutoConfiguration.class,
            ShimObservationAutoConfiguration.class))
        .withUserConfiguration(ObservationTestConfiguration.class, UserTask.class)
        .withPropertyValues("shim.server.address=unix://" + dir.resolve("task.sock"));
  }

  @AfterEach
  void deleteTempDir() throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private TtrpcClient client() {
    return TtrpcClient.connect("unix://" + dir.resolve("task.sock"));
  }

  private static Timer timer(MeterRegistry meters, String method) {
    return meters.get(DefaultTtrpcServerObservationConvention.NAME).tag("rpc.method", method).timer();
  }

  @Test
  void everyUnaryCallIsObservedWithTheStatusTheCallerHears() {
    runner.run(context -> {
      try (TtrpcClient client = client()) {
        TaskClient task = TaskClient.of(client);
        task.connect(ConnectRequest.getDefaultInstance());
        assertCode(() -> task.state(StateRequest.getDefaultInstance()), Code.NOT_FOUND);
        assertCode(() -> task.kill(KillRequest.getDefaultInstance()), Code.UNKNOWN);
        assertCode(() -> task.pids(PidsRequest.getDefaultInstance()), Code.UNIMPLEMENTED);
      }
      MeterRegistry meters = context.getBean(MeterRegistry.class);
      Timer connect = timer(meters, "Connect");
      assertThat(connect.count()).isEqualTo(1);
      assertThat(connect.getId().getTag("rpc.service")).isEqualTo("containerd.task.v2.Task");
      assertThat(connect.getId().getTag("rpc.status")).isEqualTo("OK");
      assertThat(connect.getId().getTag("error")).isEqualTo("none");
      assertThat(timer(meters, "State").getId().getTag("rpc.status")).isEqualTo("NOT_FOUND");
      assertThat(timer(meters, "State").getId().getTag("error")).isEqualTo("TtrpcException");
      assertThat(timer(meters, "Kill").getId().getTag("rpc.status")).isEqualTo("UNKNOWN");
      assertThat(timer(meters, "Kill").getId().getTag("error")).isEqualTo("IllegalStateException");
      assertThat(timer(meters, "Pids").getId().getTag("rpc.status")).isEqualTo("UNIMPLEMENTED");
    });
  }

  @Test
  void callPastItsDeadlineIsObservedAsDeadlineExceeded() {
    runner.run(context -> {
      try (TtrpcClient client = client()) {
        assertCode(() -> TaskClient.of(client).wait(WaitRequest.getDefaultInstance(),
            CallOptions.timeout(Duration.ofMillis(200))), Code.DEADLINE_EXCEEDED);
      }
      // The caller was answered when the deadline passed; the handler returns (and is observed) only after that.
      TtrpcServerObservationContext wait = context.getBean(ObservationTestConfiguration.Stopped.class)
          .next(TtrpcServerObservationContext.class);
      assertThat(wait.getMethod().method()).isEqualTo("Wait");
      assertThat(wait.getStatus()).isEqualTo(Code.DEADLINE_EXCEEDED);
    });
  }

  @Test
  void observationIsOutermostSoItSeesCallsOtherInterceptorsReject() {
    runner.withBean(DenyShutdown.class).run(context -> {
      try (TtrpcClient client = client()) {
        assertCode(() -> TaskClient.of(client).shutdown(ShutdownRequest.getDefaultInstance()),
            Code.PERMISSION_DENIED);
      }
      assertThat(context.getBean(DenyShutdown.class).sawObservation).isTrue();
      assertThat(timer(context.getBean(MeterRegistry.class), "Shutdown").getId().getTag("rpc.status"))
          .isEqualTo("PERMISSION_DENIED");
    });
  }

  @Test
  void userConventionReplacesOurs() {
    runner.withBean(TtrpcServerObservationConvention.class, () -> new TtrpcServerObservationConvention() {
      @Override
      public String getName() {
        return "custom.served";
      }

      @Override
      public KeyValues getLowCardinalityKeyValues(TtrpcServerObservationContext context) {
        return KeyValues.of("m", context.getMethod().method(), "code", context.getStatus().name());
      }
    }).run(context -> {
      try (TtrpcClient client = client()) {
        TaskClient.of(client).connect(ConnectRequest.getDefaultInstance());
      }
      MeterRegistry meters = context.getBean(MeterRegistry.class);
      assertThat(meters.get("custom.served").tags("m", "Connect", "code", "OK").timer().count()).isEqualTo(1);
      assertThat(meters.find(DefaultTtrpcServerObservationConvention.NAME).timer()).isNull();
    });
  }

  @Test
  void streamsAreObservedUntilTheHandlerEnds() {
    runner.run(context -> {
      Path socket = dir.resolve("counting.sock");
      try (TtrpcServer server = TtrpcServer.builder("unix://" + socket).service(CountingService.definition())
              .intercept(context.getBean(ObservationServerInterceptor.class)).build().start();
          TtrpcClient client = TtrpcClient.connect("unix://" + socket)) {
        ClientStream<Int32Value, Int32Value> count = client.openStream(CountingService.COUNT, Int32Value.of(3),
            CallOptions.DEFAULT);
        int received = 0;
        while (count.receive() != null) {
          received++;
        }
        assertThat(received).isEqualTo(3);
        ClientStream<Int32Value, Int32Value> sum = client.openStream(CountingService.SUM, CallOptions.DEFAULT);
        sum.send(Int32Value.of(2));
        sum.send(Int32Value.of(5));
        assertThat(sum.closeAndReceive().getValue()).isEqualTo(7);
        ClientStream<Int32Value, Int32Value> negative = client.openStream(CountingService.COUNT, Int32Value.of(-1),
            CallOptions.DEFAULT);
        assertCode(negative::receive, Code.INVALID_ARGUMENT);
        server.close();
      }
      MeterRegistry meters = context.getBean(MeterRegistry.class);
      assertThat(meters.get(DefaultTtrpcServerObservationConvention.NAME)
          .tags("rpc.service", CountingService.NAME, "rpc.method", "Count", "rpc.status", "OK").timer().count())
          .isEqualTo(1);
      assertThat(meters.get(DefaultTtrpcServerObservationConvention.NAME)
          .tags("rpc.method", "Sum", "rpc.status", "OK").timer().count()).isEqualTo(1);
      assertThat(meters.get(DefaultTtrpcServerObservationConvention.NAME)
          .tags("rpc.method", "Count", "rpc.status", "INVALID_ARGUMENT").timer().getId().getTag("error"))
          .isEqualTo("TtrpcException");
    });
  }

  @Test
  void withoutMicrometerOrARegistryTheServerServesUnobserved() {
    runner.withClassLoader(new FilteredClassLoader("io.micrometer")).run(context -> {
      assertThat(context).hasNotFailed().doesNotHaveBean("ttrpcServerObservationInterceptor");
      try (TtrpcClient client = client()) {
        assertThat(TaskClient.of(client).connect(ConnectRequest.getDefaultInstance()).getShimPid()).isEqualTo(1);
      }
    });
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ShimServerAutoConfiguration.class,
            ShimObservationAutoConfiguration.class))
        .withUserConfiguration(UserTask.class)
        .withPropertyValues("shim.server.address=unix://" + dir.resolve("task.sock"))
        .run(context -> {
          assertThat(context).hasNotFailed().doesNotHaveBean(ObservationServerInterceptor.class);
          try (TtrpcClient client = client()) {
            assertThat(TaskClient.of(client).connect(ConnectRequest.getDefaultInstance()).getShimPid()).isEqualTo(1);
          }
        });
  }

  static void assertCode(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Code code) {
    assertThatThrownBy(call).isInstanceOfSatisfying(TtrpcException.class, e -> assertThat(e.code()).isEqualTo(code));
  }

  /** Answers Connect, fails State and Kill, waits in Wait until cancelled; everything else is UNIMPLEMENTED. */
  @ShimService
  static class Task implements TaskService {
    @Override
    public ConnectResponse connect(ConnectRequest request, ServerContext context) {
      return ConnectResponse.newBuilder().setShimPid(1).build();
    }

    @Override
    public StateResponse state(StateRequest request, ServerContext context) {
      throw TtrpcException.of(Code.NOT_FOUND, "no task");
    }

    @Override
    public com.google.protobuf.Empty kill(KillRequest request, ServerContext context) {
      throw new IllegalStateException("kill failed");
    }

    @Override
    public WaitResponse wait(WaitRequest request, ServerContext context) throws InterruptedException {
      CountDownLatch cancelled = new CountDownLatch(1);
      context.onCancel(cancelled::countDown);
      cancelled.await(10, TimeUnit.SECONDS);
      return WaitResponse.getDefaultInstance();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class UserTask {
    @Bean
    Task task() {
      return new Task();
    }
  }

  /** An unordered user interceptor that rejects Shutdown, noting whether an observation was already open. */
  static class DenyShutdown implements ServerInterceptor {
    private final ObservationRegistry observations;
    volatile boolean sawObservation;

    DenyShutdown(ObservationRegistry observations) {
      this.observations = observations;
    }

    @Override
    public <Q extends MessageLite, R extends MessageLite> R interceptUnary(MethodDescriptor<Q, R> method, Q request,
        ServerContext context, UnaryHandler<Q, R> next) throws Exception {
      if (method.method().equals("Shutdown")) {
        sawObservation = observations.getCurrentObservation() != null;
        throw TtrpcException.of(Code.PERMISSION_DENIED, "shutdown is not allowed");
      }
      return next.handle(request, context);
    }
  }
}
