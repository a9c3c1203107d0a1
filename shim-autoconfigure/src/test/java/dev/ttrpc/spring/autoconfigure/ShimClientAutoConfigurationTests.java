package dev.ttrpc.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ttrpc.client.Backoff;
import dev.ttrpc.client.TtrpcClient;
import dev.ttrpc.spring.client.DefaultShimClientRegistry;
import dev.ttrpc.spring.client.ShimClientCustomizer;
import dev.ttrpc.spring.client.ShimClientRegistry;
import dev.ttrpc.spring.client.ShimDiscovery;
import dev.ttrpc.spring.client.ShimEndpoint;
import dev.ttrpc.transport.TtrpcAddress;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.configurationprocessor.json.JSONArray;
import org.springframework.boot.configurationprocessor.json.JSONObject;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

class ShimClientAutoConfigurationTests {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ShimClientAutoConfiguration.class));

  @Test
  void registryAppearsWithoutDiscovery() {
    runner.run(context -> {
      assertThat(context).hasSingleBean(DefaultShimClientRegistry.class).doesNotHaveBean(ShimDiscovery.class);
      assertThat(context.getBean(ShimClientRegistry.class).names()).isEmpty();
    });
  }

  @Test
  void backsOffToUserRegistry() {
    runner.withUserConfiguration(UserRegistry.class).run(context -> {
      assertThat(context).hasSingleBean(ShimClientRegistry.class).hasBean("myRegistry")
          .doesNotHaveBean("shimClientRegistry");
      assertThat(context.getBean(ShimClientRegistry.class)).isSameAs(context.getBean(UserRegistry.class).registry);
    });
  }

  @Test
  void defaultsBind() {
    runner.run(context -> {
      ShimClientProperties.Defaults d = context.getBean(ShimClientProperties.class).getDefaults();
      assertThat(d.getNamespace()).isEqualTo("default");
      assertThat(d.getConnectTimeout()).isEqualTo(Duration.ofSeconds(5));
      assertThat(d.getCallTimeout()).isNull();
      assertThat(d.getMaxMessageSize()).isEqualTo(DataSize.ofMegabytes(4));
      assertThat(d.getReconnect().getInitialBackoff()).isEqualTo(Duration.ofMillis(100));
      assertThat(d.getReconnect().getMaxBackoff()).isEqualTo(Duration.ofSeconds(10));
      assertThat(d.isEager()).isFalse();
      assertThat(d.isFailOnUnreachable()).isFalse();
      assertThat(d.getConnections()).isEqualTo(1);
      ShimDiscoveryProperties discovery = context.getBean(ShimDiscoveryProperties.class);
      assertThat(discovery.isEnabled()).isFalse();
      assertThat(discovery.getStateDir()).isEqualTo(Path.of("/run/containerd"));
      assertThat(discovery.getNamespaces()).isEmpty();
      assertThat(discovery.getRefreshInterval()).isEqualTo(Duration.ofSeconds(10));
    });
  }

  /** Binding every default the metadata documents gives the same objects as binding nothing. */
  @Test
  void documentedDefaultsAreTheRealOnes() throws Exception {
    Map<String, Object> documented = new HashMap<>();
    try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      JSONArray properties = new JSONObject(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .getJSONArray("properties");
      for (int i = 0; i < properties.length(); i++) {
        JSONObject p = properties.getJSONObject(i);
        if (p.has("defaultValue")) {
          documented.put(p.getString("name"), String.valueOf(p.get("defaultValue")));
        }
      }
    }
    assertThat(documented).containsKeys("shim.client.defaults.namespace", "shim.client.defaults.connect-timeout",
        "shim.client.defaults.max-message-size", "shim.client.defaults.reconnect.initial-backoff",
        "shim.client.defaults.reconnect.max-backoff", "shim.client.defaults.connections",
        "shim.discovery.state-dir", "shim.discovery.refresh-interval", "shim.discovery.enabled");
    Binder binder = new Binder(new MapConfigurationPropertySource(documented));
    assertThat(binder.bind("shim.client", ShimClientProperties.class).get())
        .usingRecursiveComparison().isEqualTo(new ShimClientProperties());
    assertThat(binder.bind("shim.discovery", ShimDiscoveryProperties.class).get())
        .usingRecursiveComparison().isEqualTo(new ShimDiscoveryProperties());
  }

  @Test
  void shimsInheritDefaultsAndOverrideThem() {
    runner.withUserConfiguration(Capture.class)
        .withPropertyValues("shim.client.defaults.namespace=k8s.io", "shim.client.defaults.call-timeout=3s",
            "shim.client.defaults.reconnect.max-backoff=20s",
            "shim.client.shims.a.address=unix:///tmp/a.sock",
            "shim.client.shims.b.address=unix://@b", "shim.client.shims.b.namespace=moby",
            "shim.client.shims.b.connect-timeout=1s", "shim.client.shims.b.max-message-size=1MB",
            "shim.client.shims.b.reconnect.initial-backoff=50ms", "shim.client.shims.b.eager=false",
            "shim.client.shims.b.connections=1")
        .run(context -> {
          ShimClientRegistry registry = context.getBean(ShimClientRegistry.class);
          assertThat(registry.names()).containsExactly("a", "b");
          Map<String, ShimEndpoint> endpoints = ShimEndpoints.configured(context.getBean(ShimClientProperties.class));
          assertThat(endpoints.get("a")).isEqualTo(new ShimEndpoint(TtrpcAddress.parse("unix:///tmp/a.sock"), "k8s.io",
              Duration.ofSeconds(5), Duration.ofSeconds(3), 4 * 1024 * 1024,
              new Backoff(Duration.ofMillis(100), Duration.ofSeconds(20), 1.6, 0.2), false, false));
          assertThat(endpoints.get("b")).isEqualTo(new ShimEndpoint(TtrpcAddress.parse("unix://@b"), "moby",
              Duration.ofSeconds(1), Duration.ofSeconds(3), 1024 * 1024,
              new Backoff(Duration.ofMillis(50), Duration.ofSeconds(20), 1.6, 0.2), false, false));
          // Building a client (once per shim) applies the customizers.
          TtrpcClient client = registry.client("b");
          assertThat(client).isSameAs(registry.client("b"));
          assertThat(context.getBean(Capture.class).events).containsExactly("customized b");
        });
  }

  @Test
  void badAddressFailsNamingTheProperty() {
    runner.withPropertyValues("shim.client.shims.web.address=http://localhost:1").run(context ->
        assertThat(context).getFailure().rootCause().hasMessageContaining("unsupported scheme")
            .satisfies(e -> assertThat(fullMessage(context.getStartupFailure()))
                .contains("shim.client.shims.web.address")));
  }

  @Test
  void missingAddressFailsNamingTheProperty() {
    runner.withPropertyValues("shim.client.shims.web.namespace=x").run(context ->
        assertThat(fullMessage(context.getStartupFailure())).contains("shim.client.shims.web.address is required"));
  }

  @Test
  void connectionsBelowOneFailNamingTheProperty() {
    runner.withPropertyValues("shim.client.shims.a.address=unix://@a", "shim.client.shims.a.connections=0")
        .run(context -> assertThat(fullMessage(context.getStartupFailure()))
            .contains("shim.client.shims.a.connections must be at least 1"));
  }

  @Test
  void discoveryIsOptIn() {
    runner.withPropertyValues("shim.discovery.enabled=true", "shim.discovery.state-dir=/nonexistent")
        .run(context -> assertThat(context).hasSingleBean(ShimDiscovery.class));
  }

  static String fullMessage(Throwable t) {
    StringBuilder b = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      b.append(c.getMessage()).append('\n');
    }
    return b.toString();
  }

  @Configuration(proxyBeanMethods = false)
  static class UserRegistry {
    final ShimClientRegistry registry = new DefaultShimClientRegistry(Map.of(), List.of(), List.of());

    @Bean
    ShimClientRegistry myRegistry() {
      return registry;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Capture {
    final List<String> events = new ArrayList<>();

    @Bean
    ShimClientCustomizer customizer() {
      return (name, builder) -> events.add("customized " + name);
    }
  }
}
