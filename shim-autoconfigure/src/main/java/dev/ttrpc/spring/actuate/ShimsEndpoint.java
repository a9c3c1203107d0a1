package dev.ttrpc.spring.actuate;

import dev.ttrpc.client.CallOptions;
import dev.ttrpc.client.TtrpcClient;
import dev.ttrpc.shim.task.v2.PidsRequest;
import dev.ttrpc.shim.task.v2.PidsResponse;
import dev.ttrpc.shim.task.v2.StateRequest;
import dev.ttrpc.shim.task.v2.StateResponse;
import dev.ttrpc.shim.task.v2.StatsRequest;
import dev.ttrpc.shim.task.v2.StatsResponse;
import dev.ttrpc.shim.task.v2.TaskClient;
import dev.ttrpc.spring.client.ShimClientRegistry;
import dev.ttrpc.spring.client.ShimDiscovery;
import dev.ttrpc.spring.client.ShimInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The {@code shims} endpoint: every shim of the registry with its connection and its task's state and, for one shim,
 * also its task's pids and a summary of its cgroup statistics. Shims are asked concurrently, each call under the
 * configured deadline, so a listing takes about one deadline however many shims there are. A part a shim cannot
 * answer (UNIMPLEMENTED, an error, no answer in time) shows its error; the other parts are still shown. Never shows a
 * process's arguments or environment, stdio paths or any request payload.
 */
@Endpoint(id = "shims")
public class ShimsEndpoint {
  /** How long past a call's own deadline the endpoint still waits for its answer to arrive. */
  private static final Duration GRACE = Duration.ofSeconds(1);

  private final ShimClientRegistry registry;
  private final Supplier<@Nullable ShimDiscovery> discovery;
  private final Duration timeout;

  /** An endpoint over {@code registry}, asking each shim with a deadline of {@code timeout}. */
  public ShimsEndpoint(ShimClientRegistry registry, Supplier<@Nullable ShimDiscovery> discovery, Duration timeout) {
    this.registry = registry;
    this.discovery = discovery;
    this.timeout = timeout;
  }

  /** Every shim known now, by name, each with its task's state. */
  @ReadOperation
  public ShimsDescriptor shims() {
    ShimDiscovery d = discovery.get();
    List<ShimInfo> shims = registry.names().stream().map(name -> ShimInfo.of(registry, d, name))
        .flatMap(Optional::stream).toList();
    List<PendingAnswer<StateResponse>> states = shims.stream().map(this::askState).toList();
    long waitUntil = waitUntil();
    List<ShimDescriptor> described = new ArrayList<>(shims.size());
    for (int i = 0; i < shims.size(); i++) {
      described.add(describe(shims.get(i), states.get(i).await(waitUntil)));
    }
    return new ShimsDescriptor(described);
  }

  /** One shim with its task's state, pids and statistics; null (not found) when unknown. {@code name} may hold slashes. */
  @ReadOperation
  public @Nullable ShimDetailsDescriptor shim(@Selector(match = Selector.Match.ALL_REMAINING) String... name) {
    Optional<ShimInfo> found = ShimInfo.of(registry, discovery.get(), String.join("/", name));
    if (found.isEmpty()) {
      return null;
    }
    ShimInfo shim = found.get();
    PendingAnswer<StateResponse> state = askState(shim);
    PendingAnswer<PidsResponse> pids = ask(shim,
        task -> task.pidsAsync(PidsRequest.newBuilder().setId(shim.containerId()).build(), options()));
    PendingAnswer<StatsResponse> stats = ask(shim,
        task -> task.statsAsync(StatsRequest.newBuilder().setId(shim.containerId()).build(), options()));
    long waitUntil = waitUntil();
    return new ShimDetailsDescriptor(describe(shim, state.await(waitUntil)), PidsDescriptor.of(pids.await(waitUntil)),
        StatsDescriptor.of(stats.await(waitUntil)));
  }

  private PendingAnswer<StateResponse> askState(ShimInfo shim) {
    return ask(shim, task -> task.stateAsync(StateRequest.newBuilder().setId(shim.containerId()).build(), options()));
  }

  /** Sends the call now, to wait for its answer later. */
  private <T> PendingAnswer<T> ask(ShimInfo shim, Function<TaskClient, CompletableFuture<T>> call) {
    if (shim.containerId().isEmpty()) {
      // A shim of many tasks, or of one nobody named: asking for the task of "" would only return NOT_FOUND.
      return PendingAnswer.known(Answer.notAsked("no container id (set shim.client.shims." + shim.name()
          + ".container-id to see its task)"));
    }
    return PendingAnswer.of(Answer.start(() -> call.apply(registry.taskClient(shim.name()))));
  }

  private CallOptions options() {
    return CallOptions.timeout(timeout);
  }

  private long waitUntil() {
    return System.nanoTime() + timeout.toNanos() + GRACE.toNanos();
  }

  /** Reads the connection after the call, so that it shows what the call found rather than an idle client. */
  private ShimDescriptor describe(ShimInfo info, Answer<StateResponse> state) {
    String connectionState = null;
    String lastError = null;
    try {
      TtrpcClient client = registry.client(info.name());
      connectionState = client.state().name();
      Throwable last = client.lastError();
      lastError = last != null ? String.valueOf(last) : null;
    } catch (RuntimeException e) {
      lastError = Answer.describe(e);
    }
    return new ShimDescriptor(info.name(), info.source().name().toLowerCase(Locale.ROOT), info.namespace(),
        info.containerId(), info.address().toString(), connectionState, TaskStateDescriptor.of(state), lastError);
  }

  /** The shims known now. */
  public record ShimsDescriptor(List<ShimDescriptor> shims) {
  }

  /** One shim with its task's pids and statistics, each of them or the error that kept it from being read. */
  public record ShimDetailsDescriptor(ShimDescriptor shim, PidsDescriptor pids, StatsDescriptor stats) {
  }
}
