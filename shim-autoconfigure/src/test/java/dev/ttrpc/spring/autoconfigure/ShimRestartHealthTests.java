package dev.ttrpc.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ttrpc.server.ServerContext;
import dev.ttrpc.server.TtrpcServer;
import dev.ttrpc.shim.task.v2.ConnectRequest;
import dev.ttrpc.shim.task.v2.ConnectResponse;
import dev.ttrpc.shim.task.v2.TaskClient;
import dev.ttrpc.shim.task.v2.TaskService;
import dev.ttrpc.shim.task.v2.TaskTtrpc;
import dev.ttrpc.spring.health.ShimsHealthContributor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * A shim that goes away and comes back on the same socket: the application's health follows it DOWN and UP again,
 * and the same {@link TaskClient} bean works again, without restarting the application.
 */
@Timeout(120)
class ShimRestartHealthTests {
  private static final long BOUND_NANOS = TimeUnit.SECONDS.toNanos(30);

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ShimClientAutoConfiguration.class,
          ShimActuatorAutoConfiguration.class));
  /** Tells the shim's incarnations apart: each answers Connect with its own shim pid. */
  private final AtomicInteger incarnation = new AtomicInteger();
  private Path dir;

  @BeforeEach
  void makeDir() throws IOException {
    dir = Files.createTempDirectory(Path.of("/tmp"), "shim-restart");
  }

  @AfterEach
  void removeDir() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private TtrpcServer startShim() throws IOException {
    int pid = 100 + incarnation.incrementAndGet();
    TaskService shim = new TaskService() {
      @Override
      public ConnectResponse connect(ConnectRequest request, ServerContext context) {
        return ConnectResponse.newBuilder().setShimPid(pid).setTaskPid(7).setVersion("3").build();
      }
    };
    return TtrpcServer.builder("unix://" + dir.resolve("s.sock")).service(TaskTtrpc.bindService(shim)).build()
        .start();
  }

  @Test
  void healthGoesDownWhenTheShimStopsAndUpAgainWhenItRestarts() throws IOException {
    TtrpcServer first = startShim();
    try {
      runner.withPropertyValues("shim.client.shims.web.address=unix://" + dir.resolve("s.sock"),
              "shim.client.shims.web.reconnect.initial-backoff=10ms",
              "shim.client.shims.web.reconnect.max-backoff=50ms",
              "shim.health.cache-ttl=0s", "shim.health.timeout=1s")
          .run(context -> {
            HealthIndicator web = (HealthIndicator) context.getBean(ShimsHealthContributor.class)
                .getContributor("web");
            TaskClient task = context.getBean("webTaskClient", TaskClient.class);
            Health up = web.health();
            assertThat(up.getStatus()).isEqualTo(Status.UP);
            assertThat(up.getDetails()).containsEntry("shimPid", 101);
            assertThat(task.connect(ConnectRequest.getDefaultInstance()).getShimPid()).isEqualTo(101);

            first.close();
            Health down = awaitHealth(web::health, Status.DOWN);
            assertThat(down.getDetails()).as("a DOWN shim says why").containsEntry("code", "UNAVAILABLE")
                .containsKey("message").containsEntry("address", "unix://" + dir.resolve("s.sock"));

            try (TtrpcServer second = startShim()) {
              Health again = awaitHealth(web::health, Status.UP);
              assertThat(again.getDetails()).as("the restarted shim answered").containsEntry("shimPid", 102);
              assertThat(task.connect(ConnectRequest.getDefaultInstance()).getShimPid())
                  .as("the same TaskClient bean reaches the restarted shim").isEqualTo(102);
              assertThat(context.getBean("webTaskClient", TaskClient.class)).isSameAs(task);
            }
          });
    } finally {
      first.close();
    }
  }

  /** Probes until the status is {@code wanted}, failing with the last answer if it never is within the bound. */
  private static Health awaitHealth(Supplier<Health> probe, Status wanted) {
    long deadline = System.nanoTime() + BOUND_NANOS;
    Health last = probe.get();
    while (!last.getStatus().equals(wanted)) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("health never became " + wanted + " within 30 s; last: " + last);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
      last = probe.get();
    }
    return last;
  }
}
