package dev.ttrpc.spring.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Context runners for tests of health and the {@code shims} endpoint. */
final class ShimActuatorRunners {
  private ShimActuatorRunners() {
  }

  /** The client and actuator auto-configurations, with the {@code shims} endpoint exposed. */
  static ApplicationContextRunner withShimsEndpointExposed() {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ShimClientAutoConfiguration.class,
            ShimActuatorAutoConfiguration.class))
        .withPropertyValues("management.endpoints.web.exposure.include=shims");
  }
}
