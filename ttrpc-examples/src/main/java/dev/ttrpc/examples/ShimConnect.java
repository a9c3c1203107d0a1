package dev.ttrpc.examples;

import dev.ttrpc.Metadata;
import dev.ttrpc.TtrpcException;
import dev.ttrpc.client.TtrpcClient;
import dev.ttrpc.shim.ShimMetadata;
import dev.ttrpc.shim.task.v2.ConnectRequest;
import dev.ttrpc.shim.task.v2.ConnectResponse;
import dev.ttrpc.shim.task.v2.TaskClient;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Connects to a containerd shim's task service and prints its pids, as containerd's {@code connect} example does:
 * {@code connect --socket unix:///run/containerd/s/<hash> --id <container> [--namespace default]}.
 */
public final class ShimConnect {
  private ShimConnect() {}

  /** Calls {@code Connect} on the shim at {@code address} for container {@code id}, and prints the answer. */
  public static int connect(String address, String namespace, String id, PrintStream out) {
    try (TtrpcClient client = TtrpcClient.builder(address)
        .defaultMetadata(Metadata.of(ShimMetadata.NAMESPACE_KEY, namespace))
        .reconnect(false, dev.ttrpc.client.Backoff.DEFAULT)
        .build()) {
      TaskClient task = TaskClient.of(client).withTimeout(Duration.ofSeconds(5));
      ConnectResponse r = task.connect(ConnectRequest.newBuilder().setId(id).build());
      out.println("shim pid: " + r.getShimPid());
      out.println("task pid: " + r.getTaskPid());
      out.println("version:  " + (r.getVersion().isEmpty() ? "(not reported)" : r.getVersion()));
      return 0;
    } catch (TtrpcException e) {
      out.println("connect failed: " + e.code() + ": " + e.status().message());
      return 1;
    }
  }

  static int main(String[] args, PrintStream out) {
    String socket = null;
    String id = null;
    String namespace = "default";
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--socket" -> socket = args[i + 1];
        case "--id" -> id = args[i + 1];
        case "--namespace" -> namespace = args[i + 1];
        default -> {
          return usage(out);
        }
      }
    }
    if (socket == null || id == null) {
      return usage(out);
    }
    return connect(socket, namespace, id, out);
  }

  private static int usage(PrintStream out) {
    out.println("usage: connect --socket unix:///run/containerd/s/<hash> --id <container> [--namespace default]");
    return 2;
  }
}
