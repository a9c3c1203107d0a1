package dev.ttrpc.spring.autoconfigure;

import dev.ttrpc.spring.client.ShimClientInterceptorFactory;
import dev.ttrpc.spring.client.ShimClientRegistry;
import dev.ttrpc.spring.observation.ObservationClientInterceptor;
import dev.ttrpc.spring.observation.ShimClientMetrics;
import dev.ttrpc.spring.observation.TtrpcClientObservationConvention;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Micrometer support for shim clients, when Micrometer is present: {@code ttrpc.client.requests} observations of
 * every shim's calls (with an {@link ObservationRegistry} bean; a {@link TtrpcClientObservationConvention} bean
 * replaces the default convention), and a {@link ShimClientMetrics} binder of connection gauges.
 */
@AutoConfiguration(after = ShimClientAutoConfiguration.class,
    afterName = {"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration"})
public final class ShimObservationAutoConfiguration {

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
