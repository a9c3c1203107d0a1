package dev.ttrpc.spring.autoconfigure;

import dev.ttrpc.client.ClientInterceptor;
import dev.ttrpc.client.TtrpcClient;
import dev.ttrpc.spring.client.DefaultShimClientRegistry;
import dev.ttrpc.spring.client.ShimClientCustomizer;
import dev.ttrpc.spring.client.ShimClientInterceptorFactory;
import dev.ttrpc.spring.client.ShimClientRegistry;
import dev.ttrpc.spring.client.ShimDiscovery;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of containerd shim clients: a {@link ShimClientRegistry} of the shims configured under
 * {@code shim.client.shims.*}, and, with {@code shim.discovery.enabled}, a {@link ShimDiscovery} that adds the shims
 * containerd runs. {@link ClientInterceptor} beans are applied to every client in their order (the first outermost),
 * then the interceptors {@link ShimClientInterceptorFactory} beans make for each shim, then {@link ShimClientCustomizer}
 * beans. Each configured shim also gets a {@code TaskClient} bean qualified {@link dev.ttrpc.spring.client.Shim
 * @Shim("<name>")}.
 */
@AutoConfiguration
@ConditionalOnClass(TtrpcClient.class)
@EnableConfigurationProperties({ShimClientProperties.class, ShimDiscoveryProperties.class})
public final class ShimClientAutoConfiguration {

  @Bean
  @ConfigurationPropertiesBinding
  @ConditionalOnMissingBean
  static TtrpcAddressConverter ttrpcAddressConverter() {
    return new TtrpcAddressConverter();
  }

  /** A {@code TaskClient} bean per configured shim, injectable as {@code @Shim("<name>") TaskClient}. */
  @Bean
  static ShimTaskClientRegistrar shimTaskClientRegistrar() {
    return new ShimTaskClientRegistrar();
  }

  @Bean
  @ConditionalOnMissingBean(ShimClientRegistry.class)
  DefaultShimClientRegistry shimClientRegistry(ShimClientProperties properties,
      ObjectProvider<ClientInterceptor> interceptors, ObjectProvider<ShimClientInterceptorFactory> interceptorFactories,
      ObjectProvider<ShimClientCustomizer> customizers) {
    return new DefaultShimClientRegistry(ShimEndpoints.configured(properties), interceptors.orderedStream().toList(),
        interceptorFactories.orderedStream().toList(), customizers.orderedStream().toList());
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnBooleanProperty("shim.discovery.enabled")
  static class DiscoveryConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ShimDiscovery shimDiscovery(ShimClientRegistry registry, ShimClientProperties client,
        ShimDiscoveryProperties discovery) {
      return new ShimDiscovery(registry, discovery.getStateDir(), discovery.getNamespaces(),
          discovery.getRefreshInterval(), discovery.socketPathMappings(),
          (namespace, address) -> ShimEndpoints.discovered(client, namespace, address));
    }
  }
}
