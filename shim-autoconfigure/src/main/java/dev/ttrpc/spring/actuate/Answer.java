package dev.ttrpc.spring.actuate;

import dev.ttrpc.TtrpcException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The answer to one call the endpoint made, or why there is none: its value, or an error of the form
 * {@code CODE: message} that says what went wrong without echoing what was asked.
 */
record Answer<T>(@Nullable T value, @Nullable String error) {

  /** Starts a call; a call that fails before it is even sent becomes a failed future, not an exception. */
  static <T> CompletableFuture<T> start(Supplier<CompletableFuture<T>> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Waits for {@code call} until {@code waitUntilNanos} on the {@link System#nanoTime()} clock, then abandons it.
   * Calls carry their own deadline; this bound only keeps a call that never answers from holding the endpoint.
   */
  static <T> Answer<T> await(CompletableFuture<T> call, long waitUntilNanos) {
    try {
      return new Answer<>(call.get(Math.max(0, waitUntilNanos - System.nanoTime()), TimeUnit.NANOSECONDS), null);
    } catch (TimeoutException e) {
      call.cancel(true);
      return failed("DEADLINE_EXCEEDED: no answer in time");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      call.cancel(true);
      return failed("CANCELLED: interrupted while waiting for the shim");
    } catch (ExecutionException | CompletionException | CancellationException e) {
      return failed(describe(e));
    }
  }

  static <T> Answer<T> failed(String error) {
    return new Answer<>(null, error);
  }

  /** The endpoint did not ask the shim at all; {@code reason} says why and what would let it ask. */
  static <T> Answer<T> notAsked(String reason) {
    return failed(reason);
  }

  /** A failure as {@code CODE: message}; the message of an exception that is not a status is its own. */
  static String describe(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof ExecutionException || cause instanceof CompletionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof TtrpcException e) {
      return e.code().name() + ": " + e.status().message();
    }
    if (cause instanceof CancellationException) {
      return "CANCELLED: call abandoned";
    }
    return cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }
}
