package dev.ttrpc.spring.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Micrometer as an application would have it (observations recorded as timers), plus the stopped observations in a
 * queue, so that a test can wait for an observation that stops on another thread without sleeping.
 */
@Configuration(proxyBeanMethods = false)
class ObservationTestConfiguration {

  @Bean
  SimpleMeterRegistry meterRegistry() {
    return new SimpleMeterRegistry();
  }

  @Bean
  Stopped stoppedObservations() {
    return new Stopped();
  }

  @Bean
  ObservationRegistry observationRegistry(MeterRegistry meters, Stopped stopped) {
    ObservationRegistry registry = ObservationRegistry.create();
    registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters))
        .observationHandler(stopped);
    return registry;
  }

  /** Every observation context, as it stops. */
  static final class Stopped implements ObservationHandler<Observation.Context> {
    private final BlockingQueue<Observation.Context> contexts = new LinkedBlockingQueue<>();

    @Override
    public void onStop(Observation.Context context) {
      contexts.add(context);
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
      return true;
    }

    /** The next context of {@code type} to stop, waiting up to five seconds; fails the test when none does. */
    <C extends Observation.Context> C next(Class<C> type) throws InterruptedException {
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      for (long left = until - System.nanoTime(); left > 0; left = until - System.nanoTime()) {
        Observation.Context context = contexts.poll(left, TimeUnit.NANOSECONDS);
        if (type.isInstance(context)) {
          return type.cast(context);
        }
      }
      throw new AssertionError("no " + type.getSimpleName() + " stopped within 5 seconds");
    }
  }
}
