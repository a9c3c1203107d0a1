package dev.ttrpc.spring.autoconfigure;

import dev.ttrpc.spring.client.ShimClientInterceptorFactory;
import dev.ttrpc.spring.client.ShimClientRegistry;
import dev.ttrpc.spring.observation.ObservationClientInterceptor;
import dev.ttrpc.spring.observation.ObservationServerInterceptor;
import dev.ttrpc.spring.observation.ShimClientMetrics;
import dev.ttrpc.spring.observation.TtrpcClientObservationConvention;
import dev.ttrpc.spring.observation.TtrpcMeterObservationHandler;
import dev.ttrpc.spring.observation.TtrpcServerObservationConvention;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Micrometer support for shim clients and the shim server, when Micrometer is present. With an
 * {@link ObservationRegistry} bean: {@code ttrpc.client.requests} observations of every shim's calls (a
 * {@link TtrpcClientObservationConvention} bean replaces the default convention) and {@code ttrpc.server.requests}
 * observations of every call the auto-configured server serves, through an {@link ObservationServerInterceptor}
 * ordered outermost (a {@link TtrpcServerObservationConvention} bean replaces the default convention). With a shim
 * client registry: a {@link ShimClientMetrics} binder of connection gauges. With Spring Boot's meter observation
 * handler: a {@link TtrpcMeterObservationHandler} that records the TTRPC observations' meters at less cost, without
 * long-task timers unless {@link ShimObservationProperties#isLongTaskTimers() shim.observations.long-task-timers}.
 */
@AutoConfiguration(after = ShimClientAutoConfiguration.class,
    afterName = {"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        // After every registry export: the meter handler needs the MeterRegistry bean they define.
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"})
public final class ShimObservationAutoConfiguration {
  /**
   * The order of the server's observation interceptor: outermost, so that a call rejected by another interceptor is
   * observed too. An interceptor meant to run outside it needs a lower order value.
   */
  public static final int SERVER_OBSERVATION_ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

  /**
   * The order of {@link TtrpcMeterObservationHandler} among the meter observation handlers: Spring Boot lets the first
   * that supports an observation handle it, and its default handler, unordered, comes last.
   */
  public static final int METER_OBSERVATION_HANDLER_ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

  /** Guards on the class alone: Micrometer Observation is optional. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(ObservationRegistry.class)
  static class ObservationConfiguration {

    @Bean
    @ConditionalOnBean(ObservationRegistry.class)
    @ConditionalOnMissingBean(name = "ttrpcClientObservationInterceptorFactory")
    ShimClientInterceptorFactory ttrpcClientObservationInterceptorFactory(
        ObjectProvider<ObservationRegistry> registry, ObjectProvider<TtrpcClientObservationConvention> convention) {
      return shim -> new ObservationClientInterceptor(shim, registry.getObject(), convention.getIfAvailable());
    }

    @Bean
    @Order(SERVER_OBSERVATION_ORDER)
    @ConditionalOnBean(ObservationRegistry.class)
    @ConditionalOnMissingBean(ObservationServerInterceptor.class)
    ObservationServerInterceptor ttrpcServerObservationInterceptor(ObservationRegistry registry,
        ObjectProvider<TtrpcServerObservationConvention> convention) {
      return new ObservationServerInterceptor(registry, convention.getIfAvailable());
    }
  }

  /**
   * Meters of TTRPC observations, when Spring Boot turns observations into meters: ahead of Boot's default meter
   * handler, which keeps every other observation. Long-task timers only with
   * {@code shim.observations.long-task-timers} and unless Boot's {@code management.metrics.observations.ignored-meters}
   * ignores them.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({ObservationRegistry.class, DefaultMeterObservationHandler.class})
  @ConditionalOnBean({MeterRegistry.class, DefaultMeterObservationHandler.class})
  @EnableConfigurationProperties(ShimObservationProperties.class)
  static class MeterObservationConfiguration {
    private static final String BOOT_IGNORED_METERS = "management.metrics.observations.ignored-meters";

    @Bean
    @Order(METER_OBSERVATION_HANDLER_ORDER)
    @ConditionalOnMissingBean
    TtrpcMeterObservationHandler ttrpcMeterObservationHandler(MeterRegistry registry,
        ShimObservationProperties properties, Environment environment) {
      boolean bootIgnoresThem = Binder.get(environment)
          .bind(BOOT_IGNORED_METERS, Bindable.setOf(DefaultMeterObservationHandler.IgnoredMeters.class))
          .map(ignored -> ignored.contains(DefaultMeterObservationHandler.IgnoredMeters.LONG_TASK_TIMER))
          .orElse(false);
      return new TtrpcMeterObservationHandler(registry, properties.isLongTaskTimers() && !bootIgnoresThem);
    }
  }

  /** Guards on the class alone: Micrometer's meters are optional. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(MeterBinder.class)
  @ConditionalOnBean(ShimClientRegistry.class)
  static class MetricsConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ShimClientMetrics shimClientMetrics(ShimClientRegistry registry) {
      return new ShimClientMetrics(registry);
    }
  }
}
