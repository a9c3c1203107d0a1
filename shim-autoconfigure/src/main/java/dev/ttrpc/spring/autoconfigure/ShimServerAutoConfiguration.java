package dev.ttrpc.spring.autoconfigure;

import dev.ttrpc.server.Handshake;
import dev.ttrpc.server.ServerInterceptor;
import dev.ttrpc.server.TtrpcServer;
import dev.ttrpc.server.TtrpcServerBuilder;
import dev.ttrpc.spring.server.ShimServerLifecycle;
import dev.ttrpc.spring.server.ShimService;
import dev.ttrpc.spring.server.ShimServiceDefinitions;
import dev.ttrpc.transport.TtrpcAddress;
import java.util.Objects;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of a shim server: with {@code shim.server.address} set and at least one {@link ShimService} bean,
 * a {@link ShimServerLifecycle} serving every {@link ShimService} bean on that address, through the
 * {@link ServerInterceptor} beans in their order (the first outermost).
 */
@AutoConfiguration
@ConditionalOnClass(TtrpcServer.class)
@ConditionalOnProperty("shim.server.address")
@ConditionalOnBean(annotation = ShimService.class)
@EnableConfigurationProperties(ShimServerProperties.class)
public final class ShimServerAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  ShimServerLifecycle shimServerLifecycle(ShimServerProperties properties, ApplicationContext context,
      ObjectProvider<ServerInterceptor> interceptors) {
    TtrpcServerBuilder builder = TtrpcServer.builder(address(Objects.requireNonNull(properties.getAddress())))
        .handshake(handshake(properties));
    ShimServiceDefinitions.of(context.getBeansWithAnnotation(ShimService.class)).forEach(builder::service);
    interceptors.orderedStream().forEach(builder::intercept);
    if (properties.getMaxCallsPerConnection() != null) {
      builder.maxCallsPerConnection(properties.getMaxCallsPerConnection());
    }
    if (properties.getMaxConnections() != null) {
      builder.maxConnections(properties.getMaxConnections());
    }
    if (properties.getMaxMessageSize() != null) {
      builder.maxMessageSize(Math.toIntExact(properties.getMaxMessageSize().toBytes()));
    }
    if (properties.getMaxBytesInFlightPerConnection() != null) {
      builder.maxBytesInFlightPerConnection(properties.getMaxBytesInFlightPerConnection().toBytes());
    }
    if (properties.getMaxMetadataEntries() != null) {
      builder.maxMetadataEntries(properties.getMaxMetadataEntries());
    }
    if (properties.getMaxMetadataBytes() != null) {
      builder.maxMetadataBytes(Math.toIntExact(properties.getMaxMetadataBytes().toBytes()));
    }
    return new ShimServerLifecycle(builder.build(), properties.getShutdownGracePeriod());
  }

  /** Parses {@code shim.server.address}, naming the property if it is not a usable socket address. */
  static TtrpcAddress address(String address) {
    try {
      return TtrpcAddress.parse(address.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("shim.server.address: " + e.getMessage(), e);
    }
  }

  static Handshake handshake(ShimServerProperties properties) {
    return switch (properties.getHandshake()) {
      case SAME_USER -> Handshake.sameUser();
      case ROOT -> Handshake.root();
      case ANY -> Handshake.any();
      case UID_GID -> {
        if (properties.getUid() == null && properties.getGid() == null) {
          throw new IllegalStateException(
              "shim.server.handshake=uid-gid needs shim.server.uid or shim.server.gid (or both)");
        }
        yield Handshake.uidGid(properties.getUid() == null ? -1 : properties.getUid(),
            properties.getGid() == null ? -1 : properties.getGid());
      }
    };
  }
}
