package dev.ttrpc.spring.client;

import dev.ttrpc.transport.TtrpcAddress;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

/**
 * Finds the shims containerd runs by reading {@code <state-dir>/io.containerd.runtime.v2.task/<namespace>/<id>/address}
 * and keeps a {@link ShimClientRegistry} in step: each shim found is registered as {@code <namespace>/<id>}, and
 * removed once its directory is gone. Only {@code unix://} addresses are accepted; an unreadable or invalid address
 * file is logged (once) and skipped. Shims already registered under the same name (configured ones) are left alone.
 */
public class ShimDiscovery implements SmartLifecycle {
  /** The directory under the state directory that holds the task shims' bundles. */
  public static final String TASK_DIR = "io.containerd.runtime.v2.task";

  private static final Log log = LogFactory.getLog(ShimDiscovery.class);

  private final ShimClientRegistry registry;
  private final Path stateDir;
  private final Set<String> namespaces;
  private final Duration refreshInterval;
  private final BiFunction<String, TtrpcAddress, ShimEndpoint> endpoints;
  private final Map<String, TtrpcAddress> discovered = new HashMap<>();
  private final Set<Path> reported = ConcurrentHashMap.newKeySet();
  private @Nullable ScheduledExecutorService timer;

  /**
   * @param namespaces the namespaces to look in; empty for all
   * @param endpoints makes the endpoint of a shim found in a namespace at an address
   */
  public ShimDiscovery(ShimClientRegistry registry, Path stateDir, Set<String> namespaces, Duration refreshInterval,
      BiFunction<String, TtrpcAddress, ShimEndpoint> endpoints) {
    this.registry = registry;
    this.stateDir = stateDir;
    this.namespaces = Set.copyOf(namespaces);
    this.refreshInterval = refreshInterval;
    this.endpoints = endpoints;
  }

  /** Reads the state directory now and registers and unregisters shims to match it. */
  public synchronized void refresh() {
    Map<String, TtrpcAddress> found = scan();
    discovered.entrySet().removeIf(e -> {
      if (e.getValue().equals(found.get(e.getKey()))) {
        return false;
      }
      registry.unregister(e.getKey());
      return true;
    });
    found.forEach((name, address) -> {
      if (!discovered.containsKey(name)
          && registry.register(name, endpoints.apply(name.substring(0, name.indexOf('/')), address))) {
        discovered.put(name, address);
      }
    });
  }

  /** The names of the shims this discovery registered, sorted. */
  public synchronized Set<String> discovered() {
    return Collections.unmodifiableSet(new TreeSet<>(discovered.keySet()));
  }

  private Map<String, TtrpcAddress> scan() {
    Map<String, TtrpcAddress> found = new TreeMap<>();
    Path root = stateDir.resolve(TASK_DIR);
    if (!Files.isDirectory(root)) {
      return found;
    }
    try (DirectoryStream<Path> nsDirs = Files.newDirectoryStream(root, Files::isDirectory)) {
      for (Path nsDir : nsDirs) {
        String ns = nsDir.getFileName().toString();
        if (namespaces.isEmpty() || namespaces.contains(ns)) {
          scanNamespace(ns, nsDir, found);
        }
      }
    } catch (IOException | RuntimeException e) {
      report(root, e);
    }
    return found;
  }

  private void scanNamespace(String ns, Path nsDir, Map<String, TtrpcAddress> found) {
    try (DirectoryStream<Path> ids = Files.newDirectoryStream(nsDir, Files::isDirectory)) {
      for (Path idDir : ids) {
        Path file = idDir.resolve("address");
        if (!Files.exists(file)) {
          continue;
        }
        try {
          String text = Files.readString(file).trim();
          if (!text.startsWith("unix://")) {
            throw new IllegalArgumentException("not a unix:// address");
          }
          found.put(ns + "/" + idDir.getFileName(), TtrpcAddress.parse(text));
          reported.remove(file);
        } catch (IOException | RuntimeException e) {
          report(file, e);
        }
      }
    } catch (IOException | RuntimeException e) {
      report(nsDir, e);
    }
  }

  private void report(Path path, Exception e) {
    if (reported.add(path)) {
      log.warn("Skipping shim state " + path + ": " + e);
    }
  }

  /** Refreshes once, then every refresh interval on a daemon thread. */
  @Override
  public synchronized void start() {
    if (timer != null) {
      return;
    }
    refresh();
    ScheduledExecutorService t = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "shim-discovery");
      thread.setDaemon(true);
      return thread;
    });
    long nanos = refreshInterval.toNanos();
    t.scheduleWithFixedDelay(this::refreshQuietly, nanos, nanos, TimeUnit.NANOSECONDS);
    timer = t;
  }

  private void refreshQuietly() {
    try {
      refresh();
    } catch (RuntimeException e) {
      log.warn("Shim discovery failed: " + e, e);
    }
  }

  @Override
  public synchronized void stop() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return timer != null;
  }

  /** Starts after the registry it feeds and stops before it. */
  @Override
  public int getPhase() {
    return DefaultShimClientRegistry.PHASE + 1;
  }
}
