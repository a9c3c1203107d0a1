package dev.ttrpc.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import dev.ttrpc.server.ServerContext;
import dev.ttrpc.shim.task.v2.ConnectRequest;
import dev.ttrpc.shim.task.v2.ConnectResponse;
import dev.ttrpc.shim.task.v2.StateRequest;
import dev.ttrpc.shim.task.v2.StateResponse;
import dev.ttrpc.shim.task.v2.TaskService;
import dev.ttrpc.spring.actuate.ShimDescriptor;
import dev.ttrpc.spring.actuate.ShimsEndpoint;
import dev.ttrpc.spring.actuate.TaskStateDescriptor;
import dev.ttrpc.spring.client.ShimClientRegistry;
import dev.ttrpc.spring.health.ShimDiscoveryHealthIndicator;
import dev.ttrpc.spring.health.ShimsHealthContributor;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Health and the {@code shims} endpoint against a Java TaskService on a temporary Unix socket. */
class ShimActuatorAutoConfigurationTests {
  private final ApplicationContextRunner runner = ShimActuatorRunners.withShimsEndpointExposed();
  private final List<String> connects = new CopyOnWriteArrayList<>();
  private FakeShim shim;

  @BeforeEach
  void startShim() throws IOException {
    TaskService task = new TaskService() {
      @Override
      public ConnectResponse connect(ConnectRequest request, ServerContext context) {
        connects.add(request.getId());
        return ConnectResponse.newBuilder().setShimPid(42).setTaskPid(7).setVersion("3").build();
      }

      @Override
      public StateResponse state(StateRequest request, ServerContext context) {
        return StateResponse.newBuilder().setId(request.getId()).setPid(7).setExitStatus(3)
            .setStatus(dev.ttrpc.shim.types.task.Status.STOPPED)
            .setExitedAt(Timestamp.newBuilder().setSeconds(1_700_000_000)).build();
      }
    };
    shim = FakeShim.start("shim-act", task);
  }

  @AfterEach
  void stopShim() throws IOException {
    shim.close();
  }

  private static Health health(ShimsHealthContributor shims, String name) {
    return ((HealthIndicator) shims.getContributor(name)).health();
  }

  @Test
  void discoveryNamesWhatHidesAShimInHealth() throws IOException {
    Path garbage = shim.writeAddressFile("ns1", "junk", "not an address");
    shim.writeOwnAddressFile("ns1", "c1");
    runner.withPropertyValues(shim.discoveryProperties()).run(context -> {
          Health health = context.getBean(ShimDiscoveryHealthIndicator.class).health();
          assertThat(health.getStatus()).isEqualTo(Status.UP);
          assertThat(health.getDetails()).containsEntry("discovered", 1);
          @SuppressWarnings("unchecked")
          Map<String, String> problems = (Map<String, String>) health.getDetails().get("problems");
          assertThat(problems).containsOnlyKeys(garbage.toString());
        });
    runner.run(context -> assertThat(context).doesNotHaveBean(ShimDiscoveryHealthIndicator.class));
  }

  @Test
  void reachableShimIsUpWithItsPids() {
    runner.withPropertyValues("shim.client.shims.one.address=unix://" + shim.socket(),
            "shim.client.shims.one.namespace=ns-a")
        .run(context -> {
          ShimsHealthContributor shims = context.getBean(ShimsHealthContributor.class);
          assertThat(shims.stream().map(HealthContributors.Entry::name)).containsExactly("one");
          Health health = health(shims, "one");
          assertThat(health.getStatus()).isEqualTo(Status.UP);
          assertThat(health.getDetails()).containsEntry("shimPid", 42).containsEntry("taskPid", 7)
              .containsEntry("version", "3").containsEntry("namespace", "ns-a")
              .containsEntry("connectionState", "READY").containsKey("address");
          assertThat(connects).containsExactly("");
        });
  }

  @Test
  void unreachableShimIsDownWithTheReason() {
    runner.withPropertyValues("shim.client.shims.gone.address=unix://" + shim.dir().resolve("missing.sock"))
        .run(context -> {
          Health health = health(context.getBean(ShimsHealthContributor.class), "gone");
          assertThat(health.getStatus()).isEqualTo(Status.DOWN);
          assertThat(health.getDetails()).containsEntry("code", "UNAVAILABLE").containsKey("message")
              .containsKey("lastError");
        });
  }

  @Test
  void cachedProbeDoesNotConnectAgainWithinTheTtl() {
    runner.withPropertyValues("shim.client.shims.one.address=unix://" + shim.socket(), "shim.health.cache-ttl=1h")
        .run(context -> {
          ShimsHealthContributor shims = context.getBean(ShimsHealthContributor.class);
          assertThat(health(shims, "one").getStatus()).isEqualTo(Status.UP);
          assertThat(health(shims, "one").getStatus()).isEqualTo(Status.UP);
          assertThat(connects).hasSize(1);
        });
  }

  @Test
  void zeroTtlProbesEveryTime() {
    runner.withPropertyValues("shim.client.shims.one.address=unix://" + shim.socket(), "shim.health.cache-ttl=0s")
        .run(context -> {
          ShimsHealthContributor shims = context.getBean(ShimsHealthContributor.class);
          health(shims, "one");
          health(shims, "one");
          assertThat(connects).hasSize(2);
        });
  }

  @Test
  void discoveredShimIsProbedWithItsContainerIdAndListedByTheEndpoint() throws IOException {
    shim.writeOwnAddressFile("ns1", "c1");
    runner.withPropertyValues(shim.discoveryProperties(
            "shim.client.shims.gone.address=unix://" + shim.dir().resolve("x.sock"),
            "shim.client.shims.gone.container-id=gone"))
        .run(context -> {
          ShimsHealthContributor shims = context.getBean(ShimsHealthContributor.class);
          assertThat(shims.stream().map(HealthContributors.Entry::name)).containsExactly("gone", "ns1/c1");
          assertThat(health(shims, "ns1/c1").getStatus()).isEqualTo(Status.UP);
          assertThat(connects).containsExactly("c1");

          ShimsEndpoint endpoint = context.getBean(ShimsEndpoint.class);
          assertThat(endpoint.shims().shims()).extracting(ShimDescriptor::name, ShimDescriptor::source,
                  ShimDescriptor::namespace, ShimDescriptor::containerId)
              .containsExactly(org.assertj.core.groups.Tuple.tuple("gone", "configured", "default", "gone"),
                  org.assertj.core.groups.Tuple.tuple("ns1/c1", "discovered", "ns1", "c1"));
          ShimsEndpoint.ShimDetailsDescriptor details = endpoint.shim("ns1", "c1");
          assertThat(details.shim().connectionState()).isEqualTo("READY");
          assertThat(details.shim().task()).isEqualTo(new TaskStateDescriptor("STOPPED", 7L, 3L,
              Instant.ofEpochSecond(1_700_000_000), null));
          assertThat(endpoint.shim("gone").shim().task().error()).startsWith("UNAVAILABLE");
          assertThat(endpoint.shim("nope")).isNull();
        });
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    runner.run(context -> {
      ShimHealthProperties properties = context.getBean(ShimHealthProperties.class);
      assertThat(properties.getTimeout()).isEqualTo(Duration.ofSeconds(2));
      assertThat(properties.getCacheTtl()).isEqualTo(Duration.ofSeconds(5));
    });
  }

  @Test
  void healthIndicatorCanBeDisabledAndEndpointNeedsExposure() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ShimClientAutoConfiguration.class,
            ShimActuatorAutoConfiguration.class))
        .withPropertyValues("management.health.shims.enabled=false")
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ShimsHealthContributor.class)
            .doesNotHaveBean(ShimsEndpoint.class));
  }

  @Test
  void userEndpointAndContributorReplaceOurs() {
    ShimsEndpoint mine = new ShimsEndpoint(new dev.ttrpc.spring.client.DefaultShimClientRegistry(java.util.Map.of(),
        java.util.List.of(), java.util.List.of()), () -> null, Duration.ofSeconds(1));
    runner.withBean("myEndpoint", ShimsEndpoint.class, () -> mine)
        .withBean("shimsHealthContributor", HealthIndicator.class, () -> () -> Health.up().build())
        .withPropertyValues("shim.client.shims.one.address=unix://" + shim.socket())
        .run(context -> {
          assertThat(context).hasSingleBean(ShimsEndpoint.class).doesNotHaveBean(ShimsHealthContributor.class);
          assertThat(context.getBean(ShimsEndpoint.class)).isSameAs(mine);
        });
  }

  @Test
  void nothingBreaksWithoutActuator() {
    runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.health",
            "org.springframework.boot.actuate"))
        .withPropertyValues("shim.client.shims.one.address=unix://" + shim.socket())
        .run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(ShimClientRegistry.class)
              .doesNotHaveBean("shimsHealthContributor").doesNotHaveBean("shimsEndpoint");
          assertThat(context.getBean(ShimClientRegistry.class).names()).containsExactly("one");
        });
  }
}
