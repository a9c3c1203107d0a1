package dev.ttrpc.spring.server;

import dev.ttrpc.server.TtrpcServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

/**
 * Runs a {@link TtrpcServer} with the application context: {@link #start()} binds its socket and serves; {@link #stop()}
 * stops accepting, lets calls in flight finish for up to the grace period, then closes (removing the socket file). A
 * stopped server does not start again.
 */
public final class ShimServerLifecycle implements SmartLifecycle, DisposableBean {
  private final TtrpcServer server;
  private final Duration gracePeriod;
  private volatile boolean running;

  public ShimServerLifecycle(TtrpcServer server, Duration gracePeriod) {
    this.server = server;
    this.gracePeriod = gracePeriod;
  }

  /** The server run. */
  public TtrpcServer server() {
    return server;
  }

  @Override
  public void start() {
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve on " + server.address() + ": " + e.getMessage(), e);
    }
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    server.shutdown(gracePeriod);
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public void destroy() {
    running = false;
    server.close();
  }
}
