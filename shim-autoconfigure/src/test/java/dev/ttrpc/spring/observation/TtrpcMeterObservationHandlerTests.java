package dev.ttrpc.spring.observation;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Empty;
import dev.ttrpc.Code;
import dev.ttrpc.MethodDescriptor;
import dev.ttrpc.MethodType;
import dev.ttrpc.TtrpcException;
import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The starter's meter handler makes the meters Micrometer's default handler would make of the same observations,
 * timed by the registry's clock, and leaves other observations to the handlers after it.
 */
class TtrpcMeterObservationHandlerTests {
  private static final MethodDescriptor<Empty, Empty> STATE = MethodDescriptor.of("containerd.task.v2.Task", "State",
      MethodType.UNARY, Empty.parser(), Empty.parser());
  private static final MethodDescriptor<Empty, Empty> KILL = MethodDescriptor.of("containerd.task.v2.Task", "Kill",
      MethodType.UNARY, Empty.parser(), Empty.parser());

  private final MockClock clock = new MockClock();

  @Test
  void makesTheMetersTheDefaultHandlerMakesOfTheSameCalls() {
    MeterRegistry ours = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
    MeterRegistry micrometers = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
    Consumer<ObservationRegistry> calls = observations -> {
      call(observations, STATE, null);
      call(observations, STATE, null);
      call(observations, STATE, TtrpcException.of(Code.NOT_FOUND, "no task"));
      call(observations, KILL, new IllegalStateException("broken"));
      serve(observations, KILL, null);
    };
    calls.accept(registryWith(new TtrpcMeterObservationHandler(ours, true)));
    calls.accept(registryWith(new DefaultMeterObservationHandler(micrometers)));

    assertThat(ids(ours)).isEqualTo(ids(micrometers)).hasSize(7);
    Timer ok = ours.get("ttrpc.client.requests").tags("rpc.method", "State", "rpc.status", "OK", "error", "none")
        .timer();
    assertThat(ok.count()).isEqualTo(2);
    assertThat(ok.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(14);
    assertThat(ours.get("ttrpc.client.requests")
        .tags("rpc.method", "Kill", "rpc.status", "UNKNOWN", "error", "IllegalStateException").timer().count())
        .isEqualTo(1);
    assertThat(ours.get("ttrpc.client.requests")
        .tags("rpc.method", "State", "rpc.status", "NOT_FOUND", "error", "TtrpcException").timer().count())
        .isEqualTo(1);
    assertThat(ours.get("ttrpc.server.requests").tags("rpc.method", "Kill", "rpc.status", "OK").timer().count())
        .isEqualTo(1);
  }

  @Test
  void keepsALongTaskTimerOfRunningCallsUnlessToldNotTo() {
    MeterRegistry meters = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
    ObservationRegistry observations = registryWith(new TtrpcMeterObservationHandler(meters, true));
    TtrpcClientObservationContext context = new TtrpcClientObservationContext("one", STATE);
    Observation running = start(observations, context);
    LongTaskTimer active = meters.get("ttrpc.client.requests.active").tags("rpc.method", "State", "shim", "one")
        .longTaskTimer();
    assertThat(active.activeTasks()).isEqualTo(1);
    context.setStatus(Code.OK);
    running.stop();
    assertThat(active.activeTasks()).isZero();

    MeterRegistry withoutActive = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
    call(registryWith(new TtrpcMeterObservationHandler(withoutActive, false)), STATE, null);
    assertThat(withoutActive.find("ttrpc.client.requests.active").longTaskTimer()).isNull();
    assertThat(withoutActive.get("ttrpc.client.requests").timer().count()).isEqualTo(1);
  }

  @Test
  void tagsWhatFiltersAndConventionsMadeOfTheObservation() {
    MeterRegistry meters = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
    ObservationRegistry observations = registryWith(new TtrpcMeterObservationHandler(meters, false));
    observations.observationConfig().observationFilter(context -> context.addLowCardinalityKeyValue(
        KeyValue.of("node", "n1")));
    call(observations, STATE, null);
    assertThat(meters.get("ttrpc.client.requests").tags("node", "n1", "rpc.status", "OK").timer().count())
        .isEqualTo(1);
  }

  @Test
  void leavesOtherObservationsToTheNextHandler() {
    MeterRegistry meters = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
    ObservationRegistry observations = registryWith(new FirstMatchingCompositeObservationHandler(
        new TtrpcMeterObservationHandler(meters, false), new DefaultMeterObservationHandler(meters)));
    Observation.createNotStarted("other.work", observations).observe(() -> clock.add(Duration.ofMillis(3)));
    call(observations, STATE, null);
    assertThat(meters.get("other.work").timer().count()).isEqualTo(1);
    assertThat(meters.get("other.work.active").longTaskTimer()).isNotNull();
    assertThat(meters.get("ttrpc.client.requests").timer().count()).isEqualTo(1);
    assertThat(meters.find("ttrpc.client.requests.active").longTaskTimer()).isNull();
  }

  private ObservationRegistry registryWith(io.micrometer.observation.ObservationHandler<?> handler) {
    ObservationRegistry observations = ObservationRegistry.create();
    observations.observationConfig().observationHandler(handler);
    return observations;
  }

  /** A client call of {@code method} that takes 7 ms and ends OK or with {@code failure}. */
  private void call(ObservationRegistry observations, MethodDescriptor<?, ?> method, Throwable failure) {
    TtrpcClientObservationContext context = new TtrpcClientObservationContext("one", method);
    Observation observation = start(observations, context);
    clock.add(Duration.ofMillis(7));
    CallStatus.stop(observation, context, failure);
  }

  private void serve(ObservationRegistry observations, MethodDescriptor<?, ?> method, Throwable failure) {
    TtrpcServerObservationContext context = new TtrpcServerObservationContext(method, null);
    Observation observation = Observation.createNotStarted(null, DefaultTtrpcServerObservationConvention.INSTANCE,
        () -> context, observations).start();
    clock.add(Duration.ofMillis(5));
    CallStatus.stop(observation, context, failure);
  }

  private static Observation start(ObservationRegistry observations, TtrpcClientObservationContext context) {
    return Observation.createNotStarted(null, DefaultTtrpcClientObservationConvention.INSTANCE, () -> context,
        observations).start();
  }

  private static Set<String> ids(MeterRegistry meters) {
    Set<String> ids = new TreeSet<>();
    for (Meter meter : meters.getMeters()) {
      ids.add(meter.getId().getType() + " " + meter.getId().getName() + " " + meter.getId().getTags());
    }
    return ids;
  }
}
