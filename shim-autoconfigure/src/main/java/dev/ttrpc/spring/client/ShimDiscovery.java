package dev.ttrpc.spring.client;

import dev.ttrpc.transport.TtrpcAddress;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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
 * removed once its directory is gone. Only {@code unix://} addresses are accepted; socket paths are rewritten by the
 * {@link SocketPathMapping}s, for a process that sees containerd's sockets somewhere else. Shims already registered
 * under the same name (configured ones) are left alone.
 *
 * <p>Malformed state never escapes {@link #refresh()}: a missing or non-directory state directory, stray files where
 * directories belong, unreadable, empty, oversized or garbage address files and socket paths too long for a Unix
 * socket are each logged once, naming the file and the problem, and skipped (logged again only if the problem
 * changes or comes back); the shims next to them are still found. A shim whose socket is missing is still registered
 * (its health shows it DOWN with the reason) and logged once. An id directory without an address file is a shim
 * being started and is skipped silently.
 */
public class ShimDiscovery implements SmartLifecycle {
  /** The directory under the state directory that holds the task shims' bundles. */
  public static final String TASK_DIR = "io.containerd.runtime.v2.task";

  private static final Log log = LogFactory.getLog(ShimDiscovery.class);

  private final ShimClientRegistry registry;
  private final Path stateDir;
  private final Set<String> namespaces;
  private final Duration refreshInterval;
  private final List<SocketPathMapping> socketPathMappings;
  private final BiFunction<String, TtrpcAddress, ShimEndpoint> endpoints;
  private final Map<String, TtrpcAddress> discovered = new HashMap<>();
  private Map<Path, String> problems = Map.of();
  private @Nullable ScheduledExecutorService timer;

  /**
   * A discovery that takes socket paths as written in the address files.
   *
   * @param namespaces the namespaces to look in; empty for all
   * @param endpoints makes the endpoint of a shim found in a namespace at an address
   */
  public ShimDiscovery(ShimClientRegistry registry, Path stateDir, Set<String> namespaces, Duration refreshInterval,
      BiFunction<String, TtrpcAddress, ShimEndpoint> endpoints) {
    this(registry, stateDir, namespaces, refreshInterval, List.of(), endpoints);
  }

  /**
   * @param namespaces the namespaces to look in; empty for all
   * @param socketPathMappings where the socket paths of the address files are visible to this process
   * @param endpoints makes the endpoint of a shim found in a namespace at an address
   */
  public ShimDiscovery(ShimClientRegistry registry, Path stateDir, Set<String> namespaces, Duration refreshInterval,
      List<SocketPathMapping> socketPathMappings, BiFunction<String, TtrpcAddress, ShimEndpoint> endpoints) {
    this.registry = registry;
    this.stateDir = stateDir;
    this.namespaces = Set.copyOf(namespaces);
    this.refreshInterval = refreshInterval;
    this.socketPathMappings = List.copyOf(socketPathMappings);
    this.endpoints = endpoints;
  }

  /** Reads the state directory now and registers and unregisters shims to match it. */
  public synchronized void refresh() {
    Map<Path, String> found = new TreeMap<>();
    Map<String, TtrpcAddress> shims = scan(found);
    discovered.entrySet().removeIf(e -> {
      if (e.getValue().equals(shims.get(e.getKey()))) {
        return false;
      }
      unregister(e.getKey(), found);
      return true;
    });
    shims.forEach((name, address) -> {
      if (!discovered.containsKey(name)) {
        register(name, address, found);
      }
    });
    found.forEach((path, problem) -> {
      if (!problem.equals(problems.get(path))) {
        reportProblem(path, problem);
      }
    });
    problems = Collections.unmodifiableMap(found);
  }

  /** The names of the shims this discovery registered, sorted. */
  public synchronized Set<String> discovered() {
    return Collections.unmodifiableSet(new TreeSet<>(discovered.keySet()));
  }

  /** What was wrong in the state directory at the last refresh, by file: why shims may be missing or unreachable. */
  public synchronized Map<Path, String> problems() {
    return problems;
  }

  /** Logs a problem found in the state directory; called once per new or changed problem, never per refresh. */
  protected void reportProblem(Path path, String problem) {
    log.warn("Shim discovery: " + path + " " + problem);
  }

  private void unregister(String name, Map<Path, String> found) {
    try {
      registry.unregister(name);
    } catch (RuntimeException e) {
      found.put(stateDir.resolve(TASK_DIR).resolve(name), "cannot be unregistered as shim '" + name + "': " + e);
    }
  }

  private void register(String name, TtrpcAddress address, Map<Path, String> found) {
    try {
      if (registry.register(name, endpoints.apply(name.substring(0, name.indexOf('/')), address))) {
        discovered.put(name, address);
      }
    } catch (RuntimeException e) {
      found.put(stateDir.resolve(TASK_DIR).resolve(name), "cannot be registered as shim '" + name + "': " + e);
    }
  }

  private Map<String, TtrpcAddress> scan(Map<Path, String> found) {
    Map<String, TtrpcAddress> shims = new TreeMap<>();
    if (!Files.isDirectory(stateDir)) {
      found.put(stateDir, Files.exists(stateDir)
          ? "is not a directory; set shim.discovery.state-dir to containerd's state directory"
          : "does not exist (is containerd running, and is shim.discovery.state-dir its state directory?)");
      return shims;
    }
    Path root = stateDir.resolve(TASK_DIR);
    if (!Files.isDirectory(root)) {
      found.put(root, Files.exists(root) ? "is not a directory" : "does not exist (has containerd started a shim?)");
      return shims;
    }
    for (Path nsDir : list(root, found)) {
      String ns = nsDir.getFileName().toString();
      if (namespaces.isEmpty() || namespaces.contains(ns)) {
        for (Path idDir : list(nsDir, found)) {
          scanShim(ns + "/" + idDir.getFileName(), idDir.resolve("address"), shims, found);
        }
      }
    }
    return shims;
  }

  private void scanShim(String name, Path file, Map<String, TtrpcAddress> shims, Map<Path, String> found) {
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      TtrpcAddress address = ShimAddressFile.read(file, socketPathMappings);
      String socketProblem = ShimAddressFile.socketProblem(address);
      if (socketProblem != null) {
        found.put(file, socketProblem);
      }
      shims.put(name, address);
    } catch (ShimAddressFile.Problem e) {
      found.put(file, e.getMessage());
    }
  }

  /** The subdirectories of {@code dir}; anything else in it, or failing to list it, is a problem. */
  private static List<Path> list(Path dir, Map<Path, String> found) {
    List<Path> dirs = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        if (Files.isDirectory(entry)) {
          dirs.add(entry);
        } else {
          found.put(entry, "is not a directory; ignored");
        }
      }
    } catch (IOException | RuntimeException e) {
      found.put(dir, "cannot be listed: " + e);
    }
    return dirs;
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
