package dev.ttrpc.spring.observation;

import dev.ttrpc.Code;
import dev.ttrpc.TtrpcException;
import io.micrometer.observation.Observation;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * Maps how a call failed to the status code it ended with, the way both sides of a TTRPC call see it, and ends
 * observations with it.
 */
final class CallStatus {
  private CallStatus() {
  }

  /** The failure itself, unwrapped from the future wrappers that only say where it was rethrown. */
  static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /**
   * The code of a failure: a {@link TtrpcException}'s own, CANCELLED for a cancelled future, and UNKNOWN for anything
   * else (as the server answers an exception that carries no status).
   */
  static Code codeOf(Throwable failure) {
    Throwable cause = unwrap(failure);
    if (cause instanceof TtrpcException e) {
      return e.code();
    }
    return cause instanceof CancellationException ? Code.CANCELLED : Code.UNKNOWN;
  }

  /** Stops an observation with the status its call ended with: OK without a failure. */
  static void stop(Observation observation, TtrpcObservationContext context, @Nullable Throwable failure) {
    if (failure == null) {
      end(observation, context, Code.OK, null);
    } else {
      end(observation, context, codeOf(failure), unwrap(failure));
    }
  }

  /** Stops an observation with {@code status}, recording {@code error} when there is one. */
  static void end(Observation observation, TtrpcObservationContext context, Code status, @Nullable Throwable error) {
    context.setStatus(status);
    if (error != null) {
      observation.error(error);
    }
    observation.stop();
  }
}
