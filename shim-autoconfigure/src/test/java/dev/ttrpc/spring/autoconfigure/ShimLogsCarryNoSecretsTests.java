package dev.ttrpc.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.StringValue;
import dev.ttrpc.Code;
import dev.ttrpc.TtrpcException;
import dev.ttrpc.server.ServerContext;
import dev.ttrpc.server.TtrpcServer;
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
import dev.ttrpc.spring.actuate.ShimsEndpoint;
import dev.ttrpc.spring.health.ShimsHealthContributor;
import java.io.IOException;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * What a shim answers may carry process arguments, environment and stdio paths; the starter uses those answers for
 * health and the {@code shims} endpoint and must never log them. (What the endpoint and health <em>show</em> is
 * {@link ShimsEndpointTests}' concern; this test reads the log.) The project's loggers run at TRACE here
 * ({@code simplelogger.properties}), so every event they make is in the captured output.
 */
@ExtendWith(OutputCaptureExtension.class)
class ShimLogsCarryNoSecretsTests {
  private static final String SECRET = "s3cr3t-" + UUID.randomUUID();

  private final ApplicationContextRunner runner = ShimActuatorRunners.withShimsEndpointExposed();
  private FakeShim shim;

  @BeforeEach
  void startShim() throws IOException {
    shim = FakeShim.start("shim-logs", new SecretTask());
  }

  @AfterEach
  void stopShim() throws IOException {
    shim.close();
  }

  @Test
  void healthAndEndpointNeverLogWhatShimsAnswer(CapturedOutput output) throws IOException {
    assertThat(LoggerFactory.getLogger(TtrpcServer.class).isTraceEnabled())
        .as("the project's loggers run at TRACE in these tests").isTrue();
    shim.writeOwnAddressFile("ns1", "c1");
    runner.withPropertyValues(shim.discoveryProperties("shim.health.cache-ttl=0s",
            "shim.client.shims.web.address=unix://" + shim.socket(), "shim.client.shims.web.container-id=web",
            "shim.client.shims.gone.address=unix://" + shim.dir().resolve("gone.sock"),
            "shim.client.shims.gone.eager=true"))
        .run(context -> {
          ShimsHealthContributor health = context.getBean(ShimsHealthContributor.class);
          health.stream().map(HealthContributors.Entry::contributor).forEach(c -> ((HealthIndicator) c).health());
          ShimsEndpoint endpoint = context.getBean(ShimsEndpoint.class);
          endpoint.shims();
          assertThat(endpoint.shim("ns1", "c1").pids().pids()).as("the secret-carrying answer was read")
              .containsExactly(8L, 10L);
          assertThat(endpoint.shim("web").pids().error()).isEqualTo("INTERNAL: pids unavailable");
          endpoint.shim("gone");
        });
    assertThat(output.getAll()).as("the log was captured, at DEBUG and from the starter")
        .contains("ttrpc server listening on").contains("Shim 'gone'");
    assertThat(output.getAll()).doesNotContain(SECRET);
  }

  /** Puts the secret in every field of State and Pids that carries process details; Pids of "" fails. */
  private static final class SecretTask implements TaskService {
    @Override
    public ConnectResponse connect(ConnectRequest request, ServerContext context) {
      return ConnectResponse.newBuilder().setShimPid(42).setTaskPid(7).setVersion("3").build();
    }

    @Override
    public StateResponse state(StateRequest request, ServerContext context) {
      return StateResponse.newBuilder().setId(request.getId()).setStatus(Status.RUNNING).setPid(8)
          .setBundle("/run/" + SECRET + "-bundle").setStdin("/tmp/" + SECRET + "-stdin")
          .setStdout("/tmp/" + SECRET + "-stdout").setStderr("/tmp/" + SECRET + "-stderr").build();
    }

    @Override
    public PidsResponse pids(PidsRequest request, ServerContext context) {
      if (request.getId().equals("web")) {
        throw TtrpcException.of(Code.INTERNAL, "pids unavailable");
      }
      Any info = Any.pack(StringValue.of("sh -c --password=" + SECRET + " API_KEY=" + SECRET));
      return PidsResponse.newBuilder().addProcesses(ProcessInfo.newBuilder().setPid(8).setInfo(info))
          .addProcesses(ProcessInfo.newBuilder().setPid(10).setInfo(info)).build();
    }

    @Override
    public StatsResponse stats(StatsRequest request, ServerContext context) {
      throw TtrpcException.of(Code.UNIMPLEMENTED, "no stats here");
    }
  }
}
