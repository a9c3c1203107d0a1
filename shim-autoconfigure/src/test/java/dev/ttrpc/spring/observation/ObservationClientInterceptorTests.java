package dev.ttrpc.spring.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Empty;
import com.google.protobuf.MessageLite;
import dev.ttrpc.Code;
import dev.ttrpc.MethodDescriptor;
import dev.ttrpc.MethodType;
import dev.ttrpc.TtrpcException;
import dev.ttrpc.client.CallOptions;
import dev.ttrpc.client.ClientInterceptor;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The future an observed unary call hands out: it ends the observation first, and cancels the call it follows. */
class ObservationClientInterceptorTests {
  private static final MethodDescriptor<Empty, Empty> STATE = MethodDescriptor.of("containerd.task.v2.Task", "State",
      MethodType.UNARY, Empty.parser(), Empty.parser());

  private final List<Code> stopped = new ArrayList<>();
  private final CompletableFuture<Empty> call = new CompletableFuture<>();
  private final CompletableFuture<Empty> observed;

  ObservationClientInterceptorTests() {
    ObservationRegistry observations = ObservationRegistry.create();
    observations.observationConfig().observationHandler(new ObservationHandler<TtrpcClientObservationContext>() {
      @Override
      public void onStop(TtrpcClientObservationContext context) {
        stopped.add(context.getStatus());
      }

      @Override
      public boolean supportsContext(Observation.Context context) {
        return context instanceof TtrpcClientObservationContext;
      }
    });
    observed = new ObservationClientInterceptor("one", observations, null)
        .interceptUnary(STATE, Empty.getDefaultInstance(), CallOptions.DEFAULT, new ClientInterceptor.UnaryInvoker() {
          @Override
          @SuppressWarnings("unchecked")
          public <Q extends MessageLite, R extends MessageLite> CompletableFuture<R> invoke(
              MethodDescriptor<Q, R> method, Q request, CallOptions options) {
            return (CompletableFuture<R>) call;
          }
        });
  }

  @Test
  void answersAsTheCallDidOnceTheObservationStopped() {
    CompletableFuture<List<Code>> seenByCaller = observed.thenApply(response -> List.copyOf(stopped));
    assertThat(observed).isNotDone();
    call.complete(Empty.getDefaultInstance());
    assertThat(observed.join()).isEqualTo(Empty.getDefaultInstance());
    assertThat(seenByCaller.join()).containsExactly(Code.OK);
  }

  @Test
  void failsAsTheCallDidWithItsStatusObserved() {
    TtrpcException notFound = TtrpcException.of(Code.NOT_FOUND, "no task");
    call.completeExceptionally(notFound);
    assertThatThrownBy(observed::join).isInstanceOf(CompletionException.class).hasCause(notFound);
    assertThat(stopped).containsExactly(Code.NOT_FOUND);
  }

  @Test
  void cancellingTheCallersFutureCancelsTheCallAndObservesCancelled() {
    assertThat(observed.cancel(false)).isTrue();
    assertThat(call).isCancelled();
    assertThat(observed).isCancelled();
    assertThatThrownBy(observed::join).isInstanceOf(CancellationException.class);
    assertThat(stopped).containsExactly(Code.CANCELLED);
  }
}
