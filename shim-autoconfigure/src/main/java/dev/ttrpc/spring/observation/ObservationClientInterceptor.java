package dev.ttrpc.spring.observation;

import com.google.protobuf.MessageLite;
import dev.ttrpc.MethodDescriptor;
import dev.ttrpc.client.CallOptions;
import dev.ttrpc.client.ClientInterceptor;
import dev.ttrpc.client.ClientStream;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Observes the calls of one shim's client as {@code ttrpc.client.requests}. A unary call's observation stops when the
 * call's future completes, before the caller sees the answer; a streaming call's starts when the stream opens and
 * stops when the stream ends (see {@link ObservedClientStream}).
 */
public class ObservationClientInterceptor implements ClientInterceptor {
  private final String shim;
  private final ObservationRegistry registry;
  private final @Nullable TtrpcClientObservationConvention convention;
  private final MethodKeyValuesCache defaultKeyValues;

  /** @param convention replaces the default convention when not null */
  public ObservationClientInterceptor(String shim, ObservationRegistry registry,
      @Nullable TtrpcClientObservationConvention convention) {
    this.shim = shim;
    this.registry = registry;
    this.convention = convention;
    this.defaultKeyValues =
        new MethodKeyValuesCache(method -> TtrpcClientObservationContext.defaultKeyValues(shim, method));
  }

  @Override
  public <Q extends MessageLite, R extends MessageLite> CompletableFuture<R> interceptUnary(
      MethodDescriptor<Q, R> method, Q request, CallOptions options, UnaryInvoker next) {
    TtrpcClientObservationContext context = newContext(method);
    Observation observation = start(context);
    CompletableFuture<R> call;
    try (Observation.Scope scope = observation.openScope()) {
      call = next.invoke(method, request, options);
    } catch (RuntimeException | Error e) {
      CallStatus.stop(observation, context, e);
      throw e;
    }
    return new ObservedUnaryCall<R>(observation, context).follow(call);
  }

  @Override
  public <Q extends MessageLite, R extends MessageLite> ClientStream<Q, R> interceptStream(
      MethodDescriptor<Q, R> method, Q firstRequest, CallOptions options, StreamInvoker next) {
    TtrpcClientObservationContext context = newContext(method);
    Observation observation = start(context);
    ClientStream<Q, R> stream;
    try (Observation.Scope scope = observation.openScope()) {
      stream = next.open(method, firstRequest, options);
    } catch (RuntimeException | Error e) {
      CallStatus.stop(observation, context, e);
      throw e;
    }
    return new ObservedClientStream<>(stream, method, observation, context);
  }

  private TtrpcClientObservationContext newContext(MethodDescriptor<?, ?> method) {
    return new TtrpcClientObservationContext(shim, method, defaultKeyValues.forMethod(method));
  }

  private Observation start(TtrpcClientObservationContext context) {
    return Observation.createNotStarted(convention, DefaultTtrpcClientObservationConvention.INSTANCE, () -> context,
        registry).start();
  }
}
