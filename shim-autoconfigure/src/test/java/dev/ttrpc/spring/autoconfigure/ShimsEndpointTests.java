package dev.ttrpc.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.StringValue;
import com.google.protobuf.Timestamp;
import dev.ttrpc.Code;
import dev.ttrpc.TtrpcException;
import dev.ttrpc.server.ServerContext;
import dev.ttrpc.shim.ContainerdAny;
import dev.ttrpc.shim.task.v2.ConnectRequest;
import dev.ttrpc.shim.task.v2.ConnectResponse;
import dev.ttrpc.shim.task.v2.PidsRequest;
import dev.ttrpc.shim.task.v2.PidsResponse;
import dev.ttrpc.shim.task.v2.StateRequest;
import dev.ttrpc.shim.task.v2.StateResponse;
import dev.ttrpc.shim.task.v2.StatsRequest;
import dev.ttrpc.shim.task.v2.StatsResponse;
import dev.ttrpc.shim.task.v2.TaskService;
import dev.ttrpc.shim.types.task.ProcessInfo;
import dev.ttrpc.shim.types.task.Status;
import dev.ttrpc.spring.actuate.PidsDescriptor;
import dev.ttrpc.spring.actuate.ShimDescriptor;
import dev.ttrpc.spring.actuate.ShimsEndpoint;
import dev.ttrpc.spring.actuate.StatsDescriptor;
import dev.ttrpc.spring.actuate.TaskStateDescriptor;
import dev.ttrpc.spring.health.ShimsHealthContributor;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code shims} endpoint against a fake Task service on a temporary socket: what it shows of each shim and each
 * part, how a failing part leaves the others, that shims are asked concurrently, and what it never shows.
 */
class ShimsEndpointTests {
  private static final String SECRET = "SECRET";
  private static final Instant EXITED_AT = Instant.ofEpochSecond(1_700_000_000);

  private final ApplicationContextRunner runner = ShimActuatorRunners.withShimsEndpointExposed();
  private FakeShim shim;
  /** Holds configured shims' State calls (container ids c0, c1, ...) until every one of them has arrived; null: NOT_FOUND. */
  private volatile CountDownLatch gate;

  @BeforeEach
  void startShim() throws IOException {
    shim = FakeShim.start("shim-endpoint", new FakeTask());
  }

  @AfterEach
  void stopShim() throws IOException {
    shim.close();
  }

  /** Properties that discover one shim per container id, all served by the fake, plus one unreachable shim. */
  private String[] discovering(String... containerIds) throws IOException {
    for (String id : containerIds) {
      shim.writeOwnAddressFile("ns1", id);
    }
    return shim.discoveryProperties("shim.client.shims.gone.address=unix://" + shim.dir().resolve("x.sock"),
        "shim.client.shims.gone.container-id=gone");
  }

  /** Properties for shims s0..s49, all served by the fake, with container ids c0..c49 (State calls meet the gate). */
  private String[] fiftyConfiguredShims(String healthTimeout) {
    List<String> properties = new ArrayList<>(List.of("shim.health.timeout=" + healthTimeout));
    for (int i = 0; i < 50; i++) {
      properties.add("shim.client.shims.s" + i + ".address=unix://" + shim.socket());
      properties.add("shim.client.shims.s" + i + ".container-id=c" + i);
    }
    return properties.toArray(String[]::new);
  }

  @Test
  void listShowsEveryShimWithItsConnectionAndTaskState() throws IOException {
    runner.withPropertyValues(discovering("stopped", "running")).run(context -> {
      Map<String, ShimDescriptor> shims = context.getBean(ShimsEndpoint.class).shims().shims().stream()
          .collect(Collectors.toMap(ShimDescriptor::name, Function.identity()));
      assertThat(shims).containsOnlyKeys("gone", "ns1/running", "ns1/stopped");
      ShimDescriptor stopped = shims.get("ns1/stopped");
      assertThat(stopped).extracting(ShimDescriptor::source, ShimDescriptor::namespace, ShimDescriptor::containerId,
              ShimDescriptor::address, ShimDescriptor::connectionState, ShimDescriptor::lastError)
          .containsExactly("discovered", "ns1", "stopped", "unix://" + shim.socket(), "READY", null);
      assertThat(stopped.task()).isEqualTo(new TaskStateDescriptor("STOPPED", 7L, 3L, EXITED_AT, null));
      assertThat(shims.get("ns1/running").task())
          .as("exit status and time only when stopped")
          .isEqualTo(new TaskStateDescriptor("RUNNING", 8L, null, null, null));
      ShimDescriptor gone = shims.get("gone");
      assertThat(gone.source()).isEqualTo("configured");
      assertThat(gone.task().error()).startsWith("UNAVAILABLE: ");
      assertThat(gone.task().status()).isNull();
      assertThat(gone.lastError()).isNotNull();
    });
  }

  @Test
  void oneShimAddsPidsAndAStatsSummaryKeepingWhatAnswersWhenAPartFails() throws IOException {
    runner.withPropertyValues(discovering("stopped", "running", "v1")).run(context -> {
      ShimsEndpoint endpoint = context.getBean(ShimsEndpoint.class);
      ShimsEndpoint.ShimDetailsDescriptor running = endpoint.shim("ns1", "running");
      assertThat(running.shim().task().status()).isEqualTo("RUNNING");
      assertThat(running.pids()).isEqualTo(new PidsDescriptor(List.of(8L, 10L), null));
      assertThat(running.stats()).isEqualTo(new StatsDescriptor("v2", 1_048_576L, 1_500_000L, 2L, null));

      ShimsEndpoint.ShimDetailsDescriptor v1 = endpoint.shim("ns1", "v1");
      assertThat(v1.stats()).isEqualTo(new StatsDescriptor("v1", 2048L, 3000L, 1L, null));
      assertThat(v1.pids().pids()).isEmpty();
      assertThat(v1.pids().error()).isEqualTo("INTERNAL: pids unavailable");

      ShimsEndpoint.ShimDetailsDescriptor stopped = endpoint.shim("ns1", "stopped");
      assertThat(stopped.shim().task().status()).isEqualTo("STOPPED");
      assertThat(stopped.pids().error()).startsWith("UNIMPLEMENTED: ");
      assertThat(stopped.stats().error()).startsWith("UNIMPLEMENTED: ");
      assertThat(stopped.stats().memoryUsageBytes()).isNull();

      ShimsEndpoint.ShimDetailsDescriptor gone = endpoint.shim("gone");
      assertThat(List.of(gone.shim().task().error(), gone.pids().error(), gone.stats().error()))
          .allSatisfy(error -> assertThat(error).startsWith("UNAVAILABLE: "));
      assertThat(endpoint.shim("ns1", "nope")).isNull();
    });
  }

  @Test
  void aConfiguredShimWithoutContainerIdIsListedWithoutItsTask() {
    runner.withPropertyValues("shim.client.shims.many.address=unix://" + shim.socket()).run(context -> {
      ShimsEndpoint endpoint = context.getBean(ShimsEndpoint.class);
      ShimDescriptor many = endpoint.shims().shims().get(0);
      assertThat(many.containerId()).isEmpty();
      assertThat(many.task().status()).isNull();
      assertThat(many.task().error())
          .isEqualTo("no container id (set shim.client.shims.many.container-id to see its task)");
      ShimsEndpoint.ShimDetailsDescriptor details = endpoint.shim("many");
      assertThat(List.of(details.pids().error(), details.stats().error())).allSatisfy(
          error -> assertThat(error).startsWith("no container id"));
    });
  }

  @Test
  void fiftyShimsAreAskedConcurrently() {
    // Every State call waits until all 50 have arrived: asked one after the other, the first would miss its deadline.
    gate = new CountDownLatch(50);
    runner.withPropertyValues(fiftyConfiguredShims("5s")).run(context -> {
      List<ShimDescriptor> shims = context.getBean(ShimsEndpoint.class).shims().shims();
      assertThat(shims).hasSize(50).allSatisfy(each -> assertThat(each.task())
          .isEqualTo(new TaskStateDescriptor("RUNNING", 1L, null, null, null)));
    });
  }

  @Test
  void shimsThatNeverAnswerCostOneDeadlineNotOnePerShim() {
    gate = new CountDownLatch(51);
    runner.withPropertyValues(fiftyConfiguredShims("500ms")).run(context -> {
      long start = System.nanoTime();
      List<ShimDescriptor> shims = context.getBean(ShimsEndpoint.class).shims().shims();
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(shims).hasSize(50)
          .allSatisfy(each -> assertThat(each.task().error()).startsWith("DEADLINE_EXCEEDED"));
      // Required by the endpoint's contract: 50 deadlines one after the other would take 25 seconds. The bound is
      // loose because the build machine is shared.
      assertThat(took).isLessThan(Duration.ofSeconds(10));
    });
  }

  @Test
  void endpointAndHealthNeverShowArgumentsEnvironmentStdioOrPayloads() throws IOException {
    runner.withPropertyValues(discovering("stopped", "running", "v1")).run(context -> {
      ShimsEndpoint endpoint = context.getBean(ShimsEndpoint.class);
      ShimsHealthContributor health = context.getBean(ShimsHealthContributor.class);
      JsonMapper json = JsonMapper.builder().findAndAddModules().build();
      List<String> shown = new ArrayList<>();
      shown.add(json.writeValueAsString(endpoint.shims()));
      for (String id : List.of("stopped", "running", "v1")) {
        shown.add(json.writeValueAsString(endpoint.shim("ns1", id)));
      }
      health.stream().map(HealthContributors.Entry::contributor)
          .forEach(c -> shown.add(json.writeValueAsString(((HealthIndicator) c).health())));
      String all = String.join("\n", shown);
      assertThat(all).as("what was shown").contains("\"pids\":[8,10]").contains("\"status\":\"STOPPED\"")
          .contains("\"shimPid\":42");
      assertThat(all).doesNotContain(SECRET).doesNotContain("stdin").doesNotContain("stdout")
          .doesNotContain("bundle").doesNotContain("--password").doesNotContain("API_KEY");
    });
  }

  /** Answers by container id; State, Pids and Stats carry secrets in the fields the endpoint must not show. */
  private final class FakeTask implements TaskService {
    @Override
    public ConnectResponse connect(ConnectRequest request, ServerContext context) {
      return ConnectResponse.newBuilder().setShimPid(42).setTaskPid(7).setVersion("3").build();
    }

    @Override
    public StateResponse state(StateRequest request, ServerContext context) throws InterruptedException {
      StateResponse.Builder state = StateResponse.newBuilder().setId(request.getId())
          .setBundle("/run/" + SECRET + "-bundle").setStdin("/tmp/" + SECRET + "-stdin")
          .setStdout("/tmp/" + SECRET + "-stdout").setStderr("/tmp/" + SECRET + "-stderr").setTerminal(true);
      return switch (request.getId()) {
        case "stopped" -> state.setStatus(Status.STOPPED).setPid(7).setExitStatus(3)
            .setExitedAt(Timestamp.newBuilder().setSeconds(EXITED_AT.getEpochSecond())).build();
        case "running" -> state.setStatus(Status.RUNNING).setPid(8).build();
        case "v1" -> state.setStatus(Status.RUNNING).setPid(9).build();
        default -> {
          if (!request.getId().startsWith("c")) {
            throw TtrpcException.of(Code.NOT_FOUND, "no task " + request.getId());
          }
          yield awaitGate(context, state.setStatus(Status.RUNNING).setPid(1).build());
        }
      };
    }

    private StateResponse awaitGate(ServerContext context, StateResponse answer) throws InterruptedException {
      CountDownLatch g = gate;
      if (g == null) {
        throw TtrpcException.of(Code.NOT_FOUND, "no task");
      }
      g.countDown();
      while (!g.await(50, TimeUnit.MILLISECONDS)) {
        if (context.isCancelled()) {
          throw TtrpcException.of(Code.CANCELLED, "gave up waiting");
        }
      }
      return answer;
    }

    @Override
    public PidsResponse pids(PidsRequest request, ServerContext context) throws Exception {
      if (request.getId().equals("v1")) {
        throw TtrpcException.of(Code.INTERNAL, "pids unavailable");
      }
      if (!request.getId().equals("running")) {
        return TaskService.super.pids(request, context);
      }
      Any info = Any.pack(StringValue.of("sh -c --password=" + SECRET + "-ARG API_KEY=" + SECRET + "-ENV"));
      return PidsResponse.newBuilder().addProcesses(ProcessInfo.newBuilder().setPid(8).setInfo(info))
          .addProcesses(ProcessInfo.newBuilder().setPid(10).setInfo(info)).build();
    }

    @Override
    public StatsResponse stats(StatsRequest request, ServerContext context) throws Exception {
      return switch (request.getId()) {
        case "running" -> StatsResponse.newBuilder().setStats(ContainerdAny.pack(
            dev.ttrpc.shim.cgroups.v2.Metrics.newBuilder()
                .setMemory(dev.ttrpc.shim.cgroups.v2.MemoryStat.newBuilder().setUsage(1_048_576))
                .setCpu(dev.ttrpc.shim.cgroups.v2.CPUStat.newBuilder().setUsageUsec(1500))
                .setPids(dev.ttrpc.shim.cgroups.v2.PidsStat.newBuilder().setCurrent(2)).build())).build();
        case "v1" -> StatsResponse.newBuilder().setStats(ContainerdAny.pack(
            dev.ttrpc.shim.cgroups.v1.Metrics.newBuilder()
                .setMemory(dev.ttrpc.shim.cgroups.v1.MemoryStat.newBuilder()
                    .setUsage(dev.ttrpc.shim.cgroups.v1.MemoryEntry.newBuilder().setUsage(2048)))
                .setCpu(dev.ttrpc.shim.cgroups.v1.CPUStat.newBuilder()
                    .setUsage(dev.ttrpc.shim.cgroups.v1.CPUUsage.newBuilder().setTotal(3000)))
                .setPids(dev.ttrpc.shim.cgroups.v1.PidsStat.newBuilder().setCurrent(1)).build())).build();
        default -> TaskService.super.stats(request, context);
      };
    }
  }
}
