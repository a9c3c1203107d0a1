package dev.ttrpc.spring.autoconfigure;

import static dev.ttrpc.spring.autoconfigure.ShimClientAutoConfigurationTests.fullMessage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ttrpc.transport.TtrpcAddress;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Configuration mistakes fail startup with a message that names the property and says what is wrong, instead of
 * surfacing later as a failed dial or bind. (A foreign scheme, a missing address and too few connections are covered
 * by {@link ShimClientAutoConfigurationTests}.)
 */
class ShimMalformedConfigurationTests {
  private static final String TOO_LONG = "unix:///tmp/" + "s".repeat(TtrpcAddress.MAX_PATH_BYTES);

  private final ApplicationContextRunner client = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ShimClientAutoConfiguration.class));
  private final ApplicationContextRunner server = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ShimServerAutoConfiguration.class))
      .withUserConfiguration(ShimServerAutoConfigurationTests.UserTask.class);

  private void clientFails(String property, String value, String... reasons) {
    client.withPropertyValues("shim.client.shims.x.address=unix://@x", property + "=" + value).run(context -> {
      assertThat(context).hasFailed();
      assertThat(fullMessage(context.getStartupFailure())).contains(property).contains(reasons);
    });
  }

  @Test
  void anEmptySocketNameFails() {
    clientFails("shim.client.shims.x.address", "unix://", "names no socket");
  }

  @Test
  void aRelativeSocketPathFails() {
    clientFails("shim.client.shims.x.address", "unix://run/x.sock", "relative");
  }

  @Test
  void aSocketPathOverTheSunPathLimitFailsSayingTheLimit() {
    clientFails("shim.client.shims.x.address", TOO_LONG, (TOO_LONG.length() - "unix://".length()) + " bytes",
        "at most " + TtrpcAddress.MAX_PATH_BYTES);
  }

  @Test
  void anUnreadableDurationFails() {
    clientFails("shim.client.shims.x.call-timeout", "banana", "banana");
    clientFails("shim.client.defaults.connect-timeout", "banana", "banana");
  }

  @Test
  void aNegativeDurationFails() {
    clientFails("shim.client.shims.x.call-timeout", "-5s", "must be positive");
    clientFails("shim.client.defaults.connect-timeout", "-1s", "must be positive");
    clientFails("shim.client.shims.x.connect-timeout", "0s", "must be positive");
  }

  @Test
  void anUnreadableDataSizeFails() {
    clientFails("shim.client.shims.x.max-message-size", "lots", "lots");
    clientFails("shim.client.shims.x.max-message-size", "-1KB", "must be within");
  }

  @Test
  void aServerAddressOverTheSunPathLimitFailsNamingThePropertyAndTheLimit() {
    server.withPropertyValues("shim.server.address=" + TOO_LONG).run(context -> {
      assertThat(context).hasFailed();
      assertThat(fullMessage(context.getStartupFailure())).contains("shim.server.address")
          .contains("at most " + TtrpcAddress.MAX_PATH_BYTES);
    });
  }

  @Test
  void aRelativeServerAddressFailsNamingTheProperty() {
    server.withPropertyValues("shim.server.address=unix://run/x.sock").run(context -> {
      assertThat(context).hasFailed();
      assertThat(fullMessage(context.getStartupFailure())).contains("shim.server.address").contains("relative");
    });
  }
}
