package dev.ttrpc.spring.observation;

import com.google.protobuf.MessageLite;
import dev.ttrpc.Code;
import dev.ttrpc.MethodDescriptor;
import dev.ttrpc.TtrpcException;
import dev.ttrpc.client.CallOptions;
import dev.ttrpc.client.ClientInterceptor;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;

/**
 * Observes the unary calls of one shim's client as {@code ttrpc.client.requests}; an observation stops when the
 * call's future completes, before the caller sees the answer. Streaming calls pass through unobserved.
 */
public class ObservationClientInterceptor implements ClientInterceptor {
  private final String shim;
  private final ObservationRegistry registry;
  private final @Nullable TtrpcClientObservationConvention convention;

  /** @param convention replaces the default convention when not null */
  public ObservationClientInterceptor(String shim, ObservationRegistry registry,
      @Nullable TtrpcClientObservationConvention convention) {
    this.shim = shim;
    this.registry = registry;
    this.convention = convention;
  }

  @Override
  public <Q extends MessageLite, R extends MessageLite> CompletableFuture<R> interceptUnary(
      MethodDescriptor<Q, R> method, Q request, CallOptions options, UnaryInvoker next) {
    TtrpcClientObservationContext context = new TtrpcClientObservationContext(shim, method);
    Observation observation = Observation.createNotStarted(convention,
        DefaultTtrpcClientObservationConvention.INSTANCE, () -> context, registry).start();
    CompletableFuture<R> call;
    try (Observation.Scope scope = observation.openScope()) {
      call = next.invoke(method, request, options);
    } catch (RuntimeException | Error e) {
      stop(observation, context, e);
      throw e;
    }
    CompletableFuture<R> result = new CompletableFuture<>();
    call.whenComplete((response, failure) -> {
      stop(observation, context, failure);
      if (failure != null) {
        result.completeExceptionally(failure);
      } else {
        result.complete(response);
      }
    });
    result.whenComplete((response, failure) -> {
      if (result.isCancelled()) {
        call.cancel(true);
      }
    });
    return result;
  }

  private static void stop(Observation observation, TtrpcClientObservationContext context,
      @Nullable Throwable failure) {
    if (failure == null) {
      context.setStatus(Code.OK);
    } else {
      Throwable cause = failure instanceof CompletionException && failure.getCause() != null
          ? failure.getCause() : failure;
      context.setStatus(cause instanceof TtrpcException t ? t.code()
          : cause instanceof CancellationException ? Code.CANCELLED : Code.UNKNOWN);
      observation.error(cause);
    }
    observation.stop();
  }
}
