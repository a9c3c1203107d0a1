package dev.ttrpc.client;

import java.util.concurrent.ScheduledThreadPoolExecutor;

/** The one timer thread that fires call deadlines and re-dials for every client in the JVM. */
final class Timers {
  private static final ScheduledThreadPoolExecutor SHARED = create();

  private Timers() {}

  static ScheduledThreadPoolExecutor shared() {
    return SHARED;
  }

  private static ScheduledThreadPoolExecutor create() {
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "ttrpc-client-timer");
      t.setDaemon(true);
      return t;
    });
    // Most deadlines are cancelled because the call finished first: drop them from the queue at once.
    timer.setRemoveOnCancelPolicy(true);
    return timer;
  }
}
