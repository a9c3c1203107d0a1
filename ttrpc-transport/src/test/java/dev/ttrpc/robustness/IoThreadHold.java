package dev.ttrpc.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ttrpc.golden.RawPeer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Holds a client connection's I/O thread: a continuation of a call, which runs on that thread when the answer
 * arrives, waits there until the test releases it. Lets a test make things happen while the I/O thread is busy.
 * Every wait is bounded by {@link RawPeer#READ_TIMEOUT}.
 */
final class IoThreadHold {
  private final CountDownLatch held = new CountDownLatch(1);
  private final CountDownLatch released = new CountDownLatch(1);
  private final CompletableFuture<Void> continuation;

  private IoThreadHold(CompletableFuture<?> call) {
    continuation = call.thenRun(this::holdUntilReleased);
  }

  /**
   * Attaches the hold to a call that has not been answered yet (an answered call would run the continuation on the
   * caller's thread, not the I/O thread).
   */
  static IoThreadHold inContinuationOf(CompletableFuture<?> call) {
    return new IoThreadHold(call);
  }

  /** Waits until the I/O thread is held (the call was answered). */
  void awaitHeld() throws InterruptedException {
    assertThat(held.await(RawPeer.READ_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
  }

  /** Lets the I/O thread go and waits until the continuation has finished. */
  void release() throws Exception {
    released.countDown();
    continuation.get(RawPeer.READ_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  private void holdUntilReleased() {
    held.countDown();
    try {
      released.await(RawPeer.READ_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
