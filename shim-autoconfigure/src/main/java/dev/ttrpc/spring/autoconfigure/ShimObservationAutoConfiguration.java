package dev.ttrpc.spring.autoconfigure;

import dev.ttrpc.spring.client.ShimClientInterceptorFactory;
import dev.ttrpc.spring.client.ShimClientRegistry;
import dev.ttrpc.spring.observation.ObservationClientInterceptor;
import dev.ttrpc.spring.observation.ObservationServerInterceptor;
import dev.ttrpc.spring.observation.ShimClientMetrics;
import dev.ttrpc.spring.observation.TtrpcClientObservationConvention;
import dev.ttrpc.spring.observation.TtrpcServerObservationConvention;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Micrometer support for shim clients and the shim server, when Micrometer is present. With an
 * {@link ObservationRegistry} bean: {@code ttrpc.client.requests} observations of every shim's calls (a
 * {@link TtrpcClientObservationConvention} bean replaces the default convention) and {@code ttrpc.server.requests}
 * observations of every call the auto-configured server serves, through an {@link ObservationServerInterceptor}
 * ordered outermost (a {@link TtrpcServerObservationConvention} bean replaces the default convention). With a shim
 * client registry: a {@link ShimClientMetrics} binder of connection gauges.
 */
@AutoConfiguration(after = ShimClientAutoConfiguration.class,
    afterName = {"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration"})
public final class ShimObservationAutoConfiguration {
  /**
   * The order of the server's observation interceptor: outermost, so that a call rejected by another interceptor is
   * observed too. An interceptor meant to run outside it needs a lower order value.
   */
  public static final int SERVER_OBSERVATION_ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

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
