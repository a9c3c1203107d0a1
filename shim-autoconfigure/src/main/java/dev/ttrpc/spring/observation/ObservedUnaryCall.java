package dev.ttrpc.spring.observation;

import io.micrometer.observation.Observation;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The future a caller gets for an observed unary call: it stops the observation when the call ends, then completes
 * as the call did, and cancelling it cancels the call. One object per call does what a second future and two
 * callbacks would.
 */
final class ObservedUnaryCall<R> extends CompletableFuture<R> implements BiConsumer<R, Throwable> {
  private final Observation observation;
  private final TtrpcObservationContext context;
  private volatile @Nullable CompletableFuture<R> call;

  ObservedUnaryCall(Observation observation, TtrpcObservationContext context) {
    this.observation = observation;
    this.context = context;
  }

  /** Follows the call; the call may already have ended. */
  ObservedUnaryCall<R> follow(CompletableFuture<R> call) {
    this.call = call;
    call.whenComplete(this);
    return this;
  }

  /** The call ended: observe, then answer the caller. */
  @Override
  public void accept(@Nullable R response, @Nullable Throwable failure) {
    CallStatus.stop(observation, context, failure);
    if (failure != null) {
      completeExceptionally(failure);
    } else {
      complete(response);
    }
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    boolean cancelled = super.cancel(mayInterruptIfRunning);
    CompletableFuture<R> following = call;
    if (cancelled && following != null) {
      following.cancel(mayInterruptIfRunning);
    }
    return cancelled;
  }
}
