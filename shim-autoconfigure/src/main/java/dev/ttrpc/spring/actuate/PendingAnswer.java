package dev.ttrpc.spring.actuate;

import java.util.concurrent.CompletableFuture;

/**
 * An answer on its way: a call already sent and not yet waited for, or an answer known without asking the shim. The
 * endpoint sends all its calls first and waits for them after, so that shims answer concurrently.
 */
@FunctionalInterface
interface PendingAnswer<T> {

  /** The answer, waiting for it at most until {@code waitUntilNanos} on the {@link System#nanoTime()} clock. */
  Answer<T> await(long waitUntilNanos);

  /** The answer to {@code call}, once it comes or the wait ends. */
  static <T> PendingAnswer<T> of(CompletableFuture<T> call) {
    return waitUntilNanos -> Answer.await(call, waitUntilNanos);
  }

  /** An answer there is nothing to wait for. */
  static <T> PendingAnswer<T> known(Answer<T> answer) {
    return waitUntilNanos -> answer;
  }
}
