package dev.ttrpc.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executors the bench server can run handlers on.
 *
 * <ul>
 *   <li>{@code virtual}: a virtual thread per call (Java 21+);
 *   <li>{@code pool}: a cached pool of platform threads (grows with the calls in flight; streaming handlers block in
 *       {@code receive()}, so a fixed pool smaller than the concurrency would stall them);
 *   <li>{@code direct}: unary handlers run inline on the connection's I/O thread ({@code directExecutor()}, no
 *       hand-off at all); streaming handlers, which block, still go to a cached pool.
 * </ul>
 */
public final class ServerExecutors {
  /** The names {@link #create} takes. */
  public static final List<String> NAMES = List.of("virtual", "pool", "direct");

  private ServerExecutors() {}

  /** {@code virtual} where the JVM has virtual threads, else {@code pool}. */
  public static String defaultName() {
    return Runtime.version().feature() >= 21 ? "virtual" : "pool";
  }

  /**
   * A new executor; the caller shuts it down.
   *
   * @throws IllegalArgumentException for an unknown name, or {@code virtual} before Java 21
   */
  public static ExecutorService create(String name) {
    return switch (name) {
      case "virtual" -> virtualThreads();
      case "pool" -> cachedPool("bench-handler-");
      // Unary handlers run on the I/O thread (TtrpcServerBuilder.directExecutor()); streams use this pool.
      case "direct" -> cachedPool("bench-stream-");
      default -> throw new IllegalArgumentException("unknown executor '" + name + "': expected one of " + NAMES);
    };
  }

  private static ExecutorService virtualThreads() {
    try {
      return (ExecutorService) MethodHandles.publicLookup()
          .findStatic(Executors.class, "newVirtualThreadPerTaskExecutor", MethodType.methodType(ExecutorService.class))
          .invoke();
    } catch (Throwable e) {
      throw new IllegalArgumentException("executor 'virtual' needs Java 21+, this is " + Runtime.version());
    }
  }

  private static ExecutorService cachedPool(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }
}
