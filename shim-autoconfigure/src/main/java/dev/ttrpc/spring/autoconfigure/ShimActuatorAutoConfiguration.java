package dev.ttrpc.spring.autoconfigure;

import dev.ttrpc.spring.actuate.ShimsEndpoint;
import dev.ttrpc.spring.client.ShimClientRegistry;
import dev.ttrpc.spring.client.ShimDiscovery;
import dev.ttrpc.spring.health.ShimDiscoveryHealthIndicator;
import dev.ttrpc.spring.health.ShimsHealthContributor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Actuator support for containerd shims, when Spring Boot's health and actuator modules are present: a {@code shims}
 * health contributor with one child per shim (not in any liveness group), with discovery a {@code shimDiscovery}
 * indicator naming what was wrong in the state directory, and a {@code shims} endpoint.
 */
@AutoConfiguration(after = ShimClientAutoConfiguration.class)
@ConditionalOnBean(ShimClientRegistry.class)
@EnableConfigurationProperties(ShimHealthProperties.class)
public final class ShimActuatorAutoConfiguration {

  /** Guards on the class alone: the nested condition's own classes must not be loaded without the module. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({HealthContributor.class, ConditionalOnEnabledHealthIndicator.class})
  static class HealthConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnEnabledHealthIndicator("shims")
    static class EnabledHealthConfiguration {

      @Bean
      @ConditionalOnMissingBean(name = "shimsHealthContributor")
      ShimsHealthContributor shimsHealthContributor(ShimClientRegistry registry,
          ObjectProvider<ShimDiscovery> discovery, ShimHealthProperties properties) {
        return new ShimsHealthContributor(registry, discovery::getIfAvailable, properties.getTimeout(),
            properties.getCacheTtl());
      }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(ShimDiscovery.class)
    @ConditionalOnEnabledHealthIndicator("shimDiscovery")
    static class DiscoveryHealthConfiguration {

      @Bean
      @ConditionalOnMissingBean(name = "shimDiscoveryHealthIndicator")
      ShimDiscoveryHealthIndicator shimDiscoveryHealthIndicator(ShimDiscovery discovery) {
        return new ShimDiscoveryHealthIndicator(discovery);
      }
    }
  }

  /** Guards on the class alone: the nested condition's own classes must not be loaded without the module. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
  static class EndpointConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnAvailableEndpoint(ShimsEndpoint.class)
    static class AvailableEndpointConfiguration {

      @Bean
      @ConditionalOnMissingBean
      ShimsEndpoint shimsEndpoint(ShimClientRegistry registry, ObjectProvider<ShimDiscovery> discovery,
          ShimHealthProperties properties) {
        return new ShimsEndpoint(registry, discovery::getIfAvailable, properties.getTimeout());
      }
    }
  }
}
