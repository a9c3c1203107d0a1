package dev.ttrpc.spring.actuate;

import dev.ttrpc.TtrpcException;
import dev.ttrpc.client.CallOptions;
import dev.ttrpc.client.TtrpcClient;
import dev.ttrpc.shim.task.v2.StateRequest;
import dev.ttrpc.shim.task.v2.StateResponse;
import dev.ttrpc.shim.task.v2.TaskClient;
import dev.ttrpc.spring.client.ShimClientRegistry;
import dev.ttrpc.spring.client.ShimDiscovery;
import dev.ttrpc.spring.client.ShimInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The {@code shims} endpoint: every shim of the registry, where it is and how its connection stands, and, for one
 * shim, its task's state. Never shows a process's environment or arguments.
 */
@Endpoint(id = "shims")
public class ShimsEndpoint {
  private final ShimClientRegistry registry;
  private final Supplier<@Nullable ShimDiscovery> discovery;
  private final Duration timeout;

  /** An endpoint over {@code registry}, asking a shim's state with a deadline of {@code timeout}. */
  public ShimsEndpoint(ShimClientRegistry registry, Supplier<@Nullable ShimDiscovery> discovery, Duration timeout) {
    this.registry = registry;
    this.discovery = discovery;
    this.timeout = timeout;
  }

  /** Every shim known now, by name. */
  @ReadOperation
  public ShimsDescriptor shims() {
    ShimDiscovery d = discovery.get();
    return new ShimsDescriptor(registry.names().stream().map(name -> ShimInfo.of(registry, d, name))
        .flatMap(Optional::stream).map(this::describe).toList());
  }

  /** One shim with its task's state; null (not found) when unknown. {@code name} may hold slashes. */
  @ReadOperation
  public @Nullable ShimStateDescriptor shim(@Selector(match = Selector.Match.ALL_REMAINING) String... name) {
    Optional<ShimInfo> info = ShimInfo.of(registry, discovery.get(), String.join("/", name));
    if (info.isEmpty()) {
      return null;
    }
    ShimDescriptor shim = describe(info.get());
    try {
      StateResponse r = TaskClient.of(registry.client(shim.name())).state(
          StateRequest.newBuilder().setId(info.get().containerId()).build(), CallOptions.timeout(timeout));
      Instant exitedAt = r.hasExitedAt()
          ? Instant.ofEpochSecond(r.getExitedAt().getSeconds(), r.getExitedAt().getNanos()) : null;
      return new ShimStateDescriptor(shim, new TaskState(r.getStatus().name(), r.getPid(), r.getExitStatus(),
          exitedAt), null);
    } catch (TtrpcException e) {
      return new ShimStateDescriptor(shim, null, e.code().name() + ": " + e.status().message());
    } catch (RuntimeException e) {
      return new ShimStateDescriptor(shim, null, String.valueOf(e.getMessage()));
    }
  }

  private ShimDescriptor describe(ShimInfo info) {
    String state = null;
    String lastError = null;
    try {
      TtrpcClient client = registry.client(info.name());
      state = client.state().name();
      lastError = client.lastError() != null ? String.valueOf(client.lastError()) : null;
    } catch (RuntimeException e) {
      lastError = String.valueOf(e.getMessage());
    }
    return new ShimDescriptor(info.name(), info.source().name().toLowerCase(java.util.Locale.ROOT), info.namespace(),
        info.containerId(), info.address().toString(), state, lastError);
  }

  /** The shims known now. */
  public record ShimsDescriptor(List<ShimDescriptor> shims) {
  }

  /** One shim and its connection. */
  public record ShimDescriptor(String name, String source, @Nullable String namespace, String containerId,
      String address, @Nullable String connectionState, @Nullable String lastError) {
  }

  /** One shim with its task's state, or the error that kept it from being read. */
  public record ShimStateDescriptor(ShimDescriptor shim, @Nullable TaskState state, @Nullable String error) {
  }

  /** A task's state as its shim reports it. */
  public record TaskState(String status, int pid, int exitStatus, @Nullable Instant exitedAt) {
  }
}
