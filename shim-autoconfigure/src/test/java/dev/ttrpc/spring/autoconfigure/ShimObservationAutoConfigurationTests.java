package dev.ttrpc.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ttrpc.Code;
import dev.ttrpc.TtrpcException;
import dev.ttrpc.server.ServerContext;
import dev.ttrpc.server.TtrpcServer;
import dev.ttrpc.shim.task.v2.ConnectRequest;
import dev.ttrpc.shim.task.v2.ConnectResponse;
import dev.ttrpc.shim.task.v2.StateRequest;
import dev.ttrpc.shim.task.v2.StateResponse;
import dev.ttrpc.shim.task.v2.TaskService;
import dev.ttrpc.shim.task.v2.TaskTtrpc;
import dev.ttrpc.spring.client.ShimClientRegistry;
import dev.ttrpc.spring.client.ShimInfo;
import dev.ttrpc.spring.observation.DefaultTtrpcClientObservationConvention;
import dev.ttrpc.spring.observation.ObservationServerInterceptor;
import dev.ttrpc.spring.observation.ShimClientMetrics;
import dev.ttrpc.spring.observation.TtrpcClientObservationContext;
import dev.ttrpc.spring.observation.TtrpcClientObservationConvention;
import dev.ttrpc.spring.observation.TtrpcMeterObservationHandler;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Observations and meters of shim clients, against a Java TaskService on a temporary Unix socket. */
class ShimObservationAutoConfigurationTests {
  private Path dir;
  private TtrpcServer server;
  private ApplicationContextRunner runner;

  @BeforeEach
  void startShim() throws IOException {
    dir = Files.createTempDirectory(Path.of("/tmp"), "shim-obs");
    TaskService shim = new TaskService() {
      @Override
      public ConnectResponse connect(ConnectRequest request, ServerContext context) {
        return ConnectResponse.newBuilder().setShimPid(42).build();
      }

      @Override
      public StateResponse state(StateRequest request, ServerContext context) {
        throw TtrpcException.of(Code.NOT_FOUND, "no task " + request.getId());
      }
    };
    server = TtrpcServer.builder("unix://" + dir.resolve("s.sock")).service(TaskTtrpc.bindService(shim)).build().start();
    runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ShimClientAutoConfiguration.class,
            ShimObservationAutoConfiguration.class))
        .withPropertyValues("shim.client.shims.one.address=unix://" + dir.resolve("s.sock"));
  }

  @AfterEach
  void stopShim() throws IOException {
    server.close();
    Files.deleteIfExists(dir.resolve("s.sock"));
    Files.deleteIfExists(dir);
  }

  @Test
  void successfulAndFailingCallsAreTimedWithTheirStatus() {
    runner.withUserConfiguration(Micrometer.class).run(context -> {
      ShimClientRegistry registry = context.getBean(ShimClientRegistry.class);
      registry.taskClient("one").connect(ConnectRequest.newBuilder().setId("c1").build());
      assertThatThrownBy(() -> registry.taskClient("one").state(StateRequest.newBuilder().setId("c1").build()))
          .isInstanceOfSatisfying(TtrpcException.class, e -> assertThat(e.code()).isEqualTo(Code.NOT_FOUND));
      MeterRegistry meters = context.getBean(MeterRegistry.class);
      Timer connect = meters.get("ttrpc.client.requests").tag("rpc.method", "Connect").timer();
      assertThat(connect.getId().getTag("rpc.service")).isEqualTo("containerd.task.v2.Task");
      assertThat(connect.getId().getTag("rpc.status")).isEqualTo("OK");
      assertThat(connect.getId().getTag("shim")).isEqualTo("one");
      assertThat(connect.count()).isEqualTo(1);
      Timer state = meters.get("ttrpc.client.requests").tags("rpc.method", "State", "shim", "one").timer();
      assertThat(state.getId().getTag("rpc.status")).isEqualTo("NOT_FOUND");
      assertThat(state.count()).isEqualTo(1);
    });
  }

  @Test
  void userConventionReplacesOurs() {
    runner.withUserConfiguration(Micrometer.class)
        .withBean(TtrpcClientObservationConvention.class, () -> new TtrpcClientObservationConvention() {
          @Override
          public String getName() {
            return "custom.requests";
          }

          @Override
          public KeyValues getLowCardinalityKeyValues(TtrpcClientObservationContext context) {
            return KeyValues.of("m", context.getMethod().method());
          }
        })
        .run(context -> {
          context.getBean(ShimClientRegistry.class).taskClient("one").connect(ConnectRequest.getDefaultInstance());
          MeterRegistry meters = context.getBean(MeterRegistry.class);
          assertThat(meters.get("custom.requests").tag("m", "Connect").timer().count()).isEqualTo(1);
          assertThat(meters.find(DefaultTtrpcClientObservationConvention.NAME).timer()).isNull();
        });
  }

  @Test
  void withBootsMetricsOurMeterHandlerTakesTtrpcObservationsAndTheDefaultOneTheRest() {
    bootMetrics().run(context -> {
      assertThat(context).hasSingleBean(TtrpcMeterObservationHandler.class);
      context.getBean(ShimClientRegistry.class).taskClient("one").connect(ConnectRequest.getDefaultInstance());
      Observation.createNotStarted("other.work", context.getBean(ObservationRegistry.class)).observe(() -> { });
      MeterRegistry meters = context.getBean(MeterRegistry.class);
      assertThat(meters.get("ttrpc.client.requests").tags("rpc.method", "Connect", "error", "none").timer().count())
          .as("recorded once: by our handler, not also by Boot's").isEqualTo(1);
      assertThat(meters.find("ttrpc.client.requests.active").longTaskTimer()).as("off by default").isNull();
      assertThat(meters.get("other.work.active").longTaskTimer()).isNotNull();
      assertThat(meters.get("other.work").timer().count()).isEqualTo(1);
      ObservationTestConfiguration.Stopped stopped = context.getBean(ObservationTestConfiguration.Stopped.class);
      Timer.Sample ttrpcSample = stopped.next(TtrpcClientObservationContext.class).get(Timer.Sample.class);
      Timer.Sample otherSample = stopped.next(Observation.Context.class).get(Timer.Sample.class);
      assertThat(ttrpcSample).as("the default handler keeps its sample in the context; ours does not").isNull();
      assertThat(otherSample).isNotNull();
    });
  }

  @Test
  void longTaskTimersAreOnlyKeptWhenAskedForAndBootDoesNotIgnoreThem() {
    bootMetrics().withPropertyValues("shim.observations.long-task-timers=true").run(context -> {
      context.getBean(ShimClientRegistry.class).taskClient("one").connect(ConnectRequest.getDefaultInstance());
      MeterRegistry meters = context.getBean(MeterRegistry.class);
      assertThat(meters.get("ttrpc.client.requests.active").tag("rpc.method", "Connect").longTaskTimer()
          .activeTasks()).isZero();
    });
    bootMetrics().withPropertyValues("shim.observations.long-task-timers=true",
            "management.metrics.observations.ignored-meters=long-task-timer")
        .run(context -> {
          context.getBean(ShimClientRegistry.class).taskClient("one").connect(ConnectRequest.getDefaultInstance());
          MeterRegistry meters = context.getBean(MeterRegistry.class);
          assertThat(meters.get("ttrpc.client.requests").timer().count()).isEqualTo(1);
          assertThat(meters.find("ttrpc.client.requests.active").longTaskTimer()).isNull();
        });
  }

  @Test
  void ourMeterHandlerBacksOffToTheUsersAndNeedsBootsMeterHandler() {
    bootMetrics().withBean("mine", TtrpcMeterObservationHandler.class,
            () -> new TtrpcMeterObservationHandler(new SimpleMeterRegistry(), false))
        .run(context -> assertThat(context).hasSingleBean(TtrpcMeterObservationHandler.class).hasBean("mine"));
    runner.withUserConfiguration(Micrometer.class)
        .run(context -> assertThat(context).doesNotHaveBean(TtrpcMeterObservationHandler.class));
  }

  /**
   * Boot's own observation and metrics auto-configuration, its registry from Boot's simple export, as an application
   * with the actuator has them.
   */
  private ApplicationContextRunner bootMetrics() {
    return runner.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
            MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
            CompositeMeterRegistryAutoConfiguration.class))
        .withBean(ObservationTestConfiguration.Stopped.class, ObservationTestConfiguration.Stopped::new);
  }

  @Test
  void gaugesFollowTheShimsOfTheRegistry() {
    runner.withUserConfiguration(Micrometer.class).run(context -> {
      MeterRegistry meters = context.getBean(MeterRegistry.class);
      context.getBean(ShimClientMetrics.class).bindTo(meters);
      ShimClientRegistry registry = context.getBean(ShimClientRegistry.class);
      registry.client("one").connectNow();
      assertThat(meters.get("ttrpc.client.calls.in.flight").tag("shim", "one").gauge().value()).isZero();
      assertThat(meters.get("ttrpc.client.calls.oldest").tag("shim", "one").gauge().value()).isZero();
      assertThat(meters.get("ttrpc.client.connections").tags("shim", "one", "state", "READY").gauge().value())
          .isEqualTo(1);
      assertThat(meters.get("ttrpc.client.connections").tags("shim", "one", "state", "IDLE").gauge().value())
          .isZero();
      assertThat(meters.get("ttrpc.client.reconnects").tag("shim", "one").functionCounter().count()).isZero();

      registry.register("two", registry.endpoint("one").orElseThrow());
      assertThat(meters.get("ttrpc.client.calls.in.flight").tag("shim", "two").gauge().value()).isZero();
      registry.unregister("two");
      assertThat(meters.find("ttrpc.client.calls.in.flight").tag("shim", "two").gauge()).isNull();
      assertThat(meters.find("ttrpc.client.calls.oldest").tag("shim", "two").gauge()).isNull();
      assertThat(meters.find("ttrpc.client.connections").tag("shim", "two").gauges()).isEmpty();
    });
  }

  @Test
  void serverInterceptorAppearsWithAnObservationRegistryAndBacksOffToTheUsers() {
    runner.withUserConfiguration(Micrometer.class).run(context -> assertThat(context)
        .hasSingleBean(ObservationServerInterceptor.class).hasBean("ttrpcServerObservationInterceptor"));
    runner.withUserConfiguration(Micrometer.class)
        .withBean("myInterceptor", ObservationServerInterceptor.class,
            () -> new ObservationServerInterceptor(ObservationRegistry.NOOP, null))
        .run(context -> assertThat(context).hasSingleBean(ObservationServerInterceptor.class)
            .hasBean("myInterceptor").doesNotHaveBean("ttrpcServerObservationInterceptor"));
  }

  @Test
  void withoutObservationRegistryNoInterceptorIsAdded() {
    runner.run(context -> {
      assertThat(context).hasNotFailed().doesNotHaveBean("ttrpcClientObservationInterceptorFactory")
          .doesNotHaveBean(ObservationServerInterceptor.class).hasSingleBean(ShimClientMetrics.class);
      assertThat(context.getBean(ShimClientRegistry.class).taskClient("one")
          .connect(ConnectRequest.getDefaultInstance()).getShimPid()).isEqualTo(42);
    });
  }

  @Test
  void withoutMicrometerTheContextStillWorks() {
    runner.withClassLoader(new FilteredClassLoader("io.micrometer")).run(context -> {
      assertThat(context).hasNotFailed().doesNotHaveBean("ttrpcClientObservationInterceptorFactory")
          .doesNotHaveBean("ttrpcServerObservationInterceptor").doesNotHaveBean("shimClientMetrics");
      assertThat(context.getBean(ShimClientRegistry.class).taskClient("one")
          .connect(ConnectRequest.getDefaultInstance()).getShimPid()).isEqualTo(42);
      assertThat(ShimInfo.of(context.getBean(ShimClientRegistry.class), null, "one")).isPresent();
    });
  }

  @Configuration(proxyBeanMethods = false)
  static class Micrometer {
    @Bean
    SimpleMeterRegistry meterRegistry() {
      return new SimpleMeterRegistry();
    }

    @Bean
    ObservationRegistry observationRegistry(MeterRegistry meters) {
      ObservationRegistry registry = ObservationRegistry.create();
      registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
      return registry;
    }
  }
}
