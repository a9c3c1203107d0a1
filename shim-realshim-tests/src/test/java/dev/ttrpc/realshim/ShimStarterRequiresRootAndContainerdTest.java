package dev.ttrpc.realshim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ttrpc.shim.task.v2.KillRequest;
import dev.ttrpc.spring.actuate.ShimsEndpoint;
import dev.ttrpc.spring.actuate.ShimDescriptor;
import dev.ttrpc.spring.actuate.TaskStateDescriptor;
import dev.ttrpc.spring.autoconfigure.ShimActuatorAutoConfiguration;
import dev.ttrpc.spring.autoconfigure.ShimClientAutoConfiguration;
import dev.ttrpc.spring.client.ShimClientRegistry;
import dev.ttrpc.spring.client.ShimDiscovery;
import dev.ttrpc.spring.health.ShimsHealthContributor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The starter's auto-configurations (discovery, the {@code shims} health contributor and endpoint) against the real
 * containerd-shim-runc-v2 of a private containerd 1.6. containerd runs in its own mount namespace and writes socket
 * paths as it sees them there ({@code /run/containerd/s/<hash>}); {@code shim.discovery.socket-path-mappings} maps
 * them to where this JVM sees them ({@code DIR/run}). The harness's own container is only read; the test that kills
 * and removes a container starts its own. Needs root and Debian's {@value ContainerdPeer#APT_PACKAGES}.
 */
@Tag("real-peer")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ShimStarterRequiresRootAndContainerdTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Duration POLL = Duration.ofMillis(100);

  private static ContainerdPeer peer;
  private static String namespace;

  @BeforeAll
  static void startContainerd() throws Exception {
    peer = ContainerdPeer.start();
    namespace = peer.get("NAMESPACE");
  }

  @AfterAll
  static void stopContainerd() {
    if (peer != null) {
      peer.close();
    }
  }

  /** The starter with discovery over the private containerd, refreshing often and probing health uncached. */
  private static ApplicationContextRunner starter() {
    Path dir = peer.dir();
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ShimClientAutoConfiguration.class,
            ShimActuatorAutoConfiguration.class))
        .withPropertyValues(
            "shim.discovery.enabled=true",
            // up.sh's config.toml: state = DIR/state; containerd 1.6 keeps v2 task bundles (and their address
            // files) under <state>/io.containerd.runtime.v2.task/<namespace>/<id>
            "shim.discovery.state-dir=" + dir.resolve("state"),
            "shim.discovery.namespaces=" + namespace,
            "shim.discovery.refresh-interval=200ms",
            // up.sh bind-mounts DIR/run over /run/containerd inside containerd's mount namespace
            "shim.discovery.socket-path-mappings[0].from=/run/containerd",
            "shim.discovery.socket-path-mappings[0].to=" + dir.resolve("run"),
            "shim.client.defaults.call-timeout=20s",
            "shim.health.cache-ttl=0s",
            "management.endpoints.web.exposure.include=health,shims");
  }

  @Test
  void discoveryFindsTheRunningContainersShimUpAndRunning() {
    String name = namespace + "/" + peer.get("CONTAINER_ID");
    int taskPid = Integer.parseInt(peer.get("TASK_PID"));
    starter().run(context -> {
      assertThat(context).hasNotFailed();
      ShimDiscovery discovery = context.getBean(ShimDiscovery.class);
      await().atMost(WAIT).pollInterval(POLL).until(() -> discovery.discovered().contains(name));
      ShimClientRegistry registry = context.getBean(ShimClientRegistry.class);
      assertThat(registry.endpoint(name)).hasValueSatisfying(
          endpoint -> assertThat(endpoint.address().path()).isEqualTo(peer.get("SHIM_SOCKET")));
      assertThat(discovery.problems()).as("problems in the state dir").isEmpty();

      Health health = health(context, name);
      assertThat(health.getStatus()).as("health %s", health).isEqualTo(Status.UP);
      assertThat(health.getDetails()).containsEntry("taskPid", taskPid).containsEntry("namespace", namespace);
      assertThat((Integer) health.getDetails().get("shimPid")).isPositive().isNotEqualTo(taskPid);

      ShimsEndpoint endpoint = context.getBean(ShimsEndpoint.class);
      ShimDescriptor listed = endpoint.shims().shims().stream().filter(shim -> shim.name().equals(name))
          .findFirst().orElseThrow();
      assertThat(listed.source()).isEqualTo("discovered");
      assertThat(listed.containerId()).isEqualTo(peer.get("CONTAINER_ID"));
      assertThat(listed.task()).isEqualTo(new TaskStateDescriptor("RUNNING", (long) taskPid, null, null, null));
      ShimsEndpoint.ShimDetailsDescriptor details = endpoint.shim(name.split("/"));
      assertThat(details.shim().task().status()).isEqualTo("RUNNING");
      assertThat(details.pids().error()).isNull();
      assertThat(details.pids().pids()).contains((long) taskPid);
      assertThat(details.stats().error()).isNull();
      assertThat(details.stats().memoryUsageBytes()).isPositive();
    });
  }

  @Test
  void killedContainerIsStoppedWith137ThenGoesAwayOnceRemoved() throws Exception {
    String id = "victim-" + UUID.randomUUID().toString().substring(0, 8);
    String name = namespace + "/" + id;
    try {
      starter().run(context -> {
        ShimDiscovery discovery = context.getBean(ShimDiscovery.class);
        ShimsHealthContributor shims = context.getBean(ShimsHealthContributor.class);
        ShimsEndpoint endpoint = context.getBean(ShimsEndpoint.class);
        ShimClientRegistry registry = context.getBean(ShimClientRegistry.class);

        runContainer(id);
        await().atMost(WAIT).pollInterval(POLL).until(() -> discovery.discovered().contains(name));
        assertThat(health(context, name).getStatus()).isEqualTo(Status.UP);
        assertThat(endpoint.shim(name.split("/")).shim().task().status()).isEqualTo("RUNNING");

        Instant beforeKill = Instant.now().minusSeconds(1);
        registry.taskClient(name).kill(KillRequest.newBuilder().setId(id).setSignal(9).build());
        await().atMost(WAIT).pollInterval(POLL).untilAsserted(() -> {
          TaskStateDescriptor state = endpoint.shim(name.split("/")).shim().task();
          assertThat(state.error()).isNull();
          assertThat(state.status()).isEqualTo("STOPPED");
        });
        TaskStateDescriptor stopped = endpoint.shim(name.split("/")).shim().task();
        assertThat(stopped.exitStatus()).isEqualTo(137L);
        assertThat(stopped.exitedAt()).isAfter(beforeKill);

        ctr("tasks", "delete", id);
        ctr("containers", "delete", id);
        await().atMost(WAIT).pollInterval(POLL).until(() -> !discovery.discovered().contains(name));
        assertThat(registry.names()).doesNotContain(name);
        assertThat(shims.getContributor(name)).isNull();
        assertThat(shims.stream()).noneMatch(entry -> entry.name().equals(name));
        assertThat(endpoint.shim(name.split("/"))).isNull();
        assertThat(endpoint.shims().shims()).extracting(ShimDescriptor::name).doesNotContain(name);
        // the harness's own container is untouched
        assertThat(discovery.discovered()).contains(namespace + "/" + peer.get("CONTAINER_ID"));
      });
    } finally {
      removeQuietly(id);
    }
  }

  private static Health health(AssertableApplicationContext context, String name) {
    HealthIndicator indicator = (HealthIndicator) context.getBean(ShimsHealthContributor.class).getContributor(name);
    assertThat(indicator).as("health contributor of %s", name).isNotNull();
    return indicator.health();
  }

  /** A second busybox container like up.sh's, in the same cgroup parent so that down.sh removes what is left. */
  private static void runContainer(String id) throws IOException, InterruptedException {
    ctr("run", "--detach", "--null-io", "--env", "PATH=/bin:/sbin",
        "--cgroup", "/" + peer.get("CGROUP_PARENT") + "/" + id,
        "--rootfs", peer.dir().resolve("rootfs").toString(), id, "sleep", "3600");
  }

  private static void removeQuietly(String id) {
    for (List<String> args : List.of(List.of("tasks", "kill", "--signal", "SIGKILL", id),
        List.of("tasks", "delete", "--force", id), List.of("containers", "delete", id))) {
      try {
        run(args);
      } catch (IOException | InterruptedException | RuntimeException e) {
        // best effort: down.sh removes whatever is left
      }
    }
  }

  private static void ctr(String... args) throws IOException, InterruptedException {
    String output = run(List.of(args));
    if (output != null) {
      throw new IllegalStateException("ctr " + String.join(" ", args) + " failed: " + output);
    }
  }

  /** Runs ctr against the private containerd; null on success, else its exit code and output. */
  private static String run(List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("ctr", "--address", peer.get("GRPC_SOCKET"),
        "--namespace", namespace));
    command.addAll(args);
    Path log = Files.createTempFile("ctr-", ".log");
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
        return "timed out after 30 s: " + Files.readString(log);
      }
      return p.exitValue() == 0 ? null : "exit " + p.exitValue() + ": " + Files.readString(log);
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
