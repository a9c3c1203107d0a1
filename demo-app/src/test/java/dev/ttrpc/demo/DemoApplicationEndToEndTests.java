package dev.ttrpc.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ttrpc.spring.observation.TtrpcMeterObservationHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole demo over HTTP: a host command started through /tasks (REST -> TaskClient -> TTRPC -> the embedded
 * shim), seen in health, the shims endpoint and the metrics, killed, and deleted.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class DemoApplicationEndToEndTests {
  private static final Duration BOUND = Duration.ofSeconds(10);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient http = HttpClient.newHttpClient();

  @Value("${local.server.port}")
  int port;

  @Autowired
  ApplicationContext context;

  @Test
  void startListObserveKillAndDeleteAHostCommand() throws Exception {
    Response started = send("POST", "/tasks", "{\"command\":[\"sleep\",\"60\"]}");
    assertThat(started.status()).as(started.body().toString()).isEqualTo(201);
    String id = started.body().get("id").asString();
    int pid = started.body().get("pid").asInt();
    assertThat(pid).isPositive();
    assertThat(ProcessHandle.of(pid)).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());

    JsonNode listed = send("GET", "/tasks", null).body();
    assertThat(listed.values()).anySatisfy(task -> {
      assertThat(task.get("id").asString()).isEqualTo(id);
      assertThat(task.get("pid").asInt()).isEqualTo(pid);
      assertThat(task.get("status").asString()).isEqualTo("RUNNING");
    });

    JsonNode health = send("GET", "/actuator/health", null).body();
    assertThat(health.at("/components/shims/status").asString()).isEqualTo("UP");
    assertThat(health.at("/components/shims/components/embedded/status").asString()).isEqualTo("UP");

    JsonNode shims = send("GET", "/actuator/shims", null).body();
    assertThat(shims.get("shims").values()).anySatisfy(shim -> {
      assertThat(shim.get("name").asString()).isEqualTo("embedded");
      assertThat(shim.get("address").asString()).startsWith("unix://").endsWith("/shim.sock");
    });

    JsonNode metric = send("GET", "/actuator/metrics/ttrpc.client.requests", null).body();
    assertThat(metric.get("measurements").values()).anySatisfy(m -> {
      assertThat(m.get("statistic").asString()).isEqualTo("COUNT");
      assertThat(m.get("value").asDouble()).isPositive();
    });

    HttpResponse<String> prometheus = http.send(HttpRequest.newBuilder(uri("/actuator/prometheus")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(prometheus.statusCode()).isEqualTo(200);
    assertThat(prometheus.body()).contains("ttrpc_client_requests")
        .as("the embedded shim's side of the same calls").contains("ttrpc_server_requests")
        .contains("ttrpc_client_calls_oldest_seconds{shim=\"embedded\"}")
        .as("Boot keeps long-task timers of its own observations; the starter none of TTRPC calls")
        .contains("http_server_requests_active_seconds").doesNotContain("ttrpc_client_requests_active");
    assertThat(context.getBean(TtrpcMeterObservationHandler.class)).isNotNull();

    assertThat(send("POST", "/tasks/" + id + "/kill?signal=9", "").status()).isEqualTo(200);
    JsonNode stopped = Poll.until("task " + id + " STOPPED", BOUND, () -> get("/tasks/" + id),
        task -> task.get("status").asString().equals("STOPPED"));
    assertThat(stopped.get("exitStatus").asInt()).isEqualTo(137);

    Response deleted = send("DELETE", "/tasks/" + id, null);
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.body().get("exitStatus").asInt()).isEqualTo(137);
    assertThat(send("GET", "/tasks/" + id, null).status()).isEqualTo(404);
    assertThat(send("GET", "/tasks", null).body().values()).noneSatisfy(
        task -> assertThat(task.get("id").asString()).isEqualTo(id));
  }

  @Test
  void emptyCommandIsABadRequest() throws Exception {
    Response r = send("POST", "/tasks", "{\"command\":[]}");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body().get("detail").asString()).contains("command must name a program");
  }

  @Test
  void unknownTaskIsNotFound() throws Exception {
    assertThat(send("POST", "/tasks/task-nope/kill?signal=9", "").status()).isEqualTo(404);
    assertThat(send("DELETE", "/tasks/task-nope", null).status()).isEqualTo(404);
  }

  private JsonNode get(String path) {
    try {
      return send("GET", path, null).body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private Response send(String method, String path, String body) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(BOUND)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Response(r.statusCode(), r.body().isEmpty() ? JSON.missingNode() : JSON.readTree(r.body()));
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  private record Response(int status, JsonNode body) {
  }
}
