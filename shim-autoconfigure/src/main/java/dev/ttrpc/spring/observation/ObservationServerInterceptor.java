package dev.ttrpc.spring.observation;

import com.google.protobuf.MessageLite;
import dev.ttrpc.Code;
import dev.ttrpc.MethodDescriptor;
import dev.ttrpc.server.ServerContext;
import dev.ttrpc.server.ServerInterceptor;
import dev.ttrpc.server.ServerStream;
import dev.ttrpc.server.StreamHandler;
import dev.ttrpc.server.UnaryHandler;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Observes every served call as {@code ttrpc.server.requests}, unary and streaming alike: an observation starts when
 * the call reaches this interceptor and stops when its handler returns or throws, with the status the caller hears.
 * Registered outermost, so that it also times (and sees the rejections of) the interceptors inside it.
 *
 * <p>A call whose deadline passed or whose caller went away has already been answered DEADLINE_EXCEEDED or CANCELLED
 * by the server, whatever its handler does afterwards; the observation reports that status. A response the server
 * then refuses as too large is reported OK: that check happens after every interceptor.
 */
public class ObservationServerInterceptor implements ServerInterceptor {
  private final ObservationRegistry registry;
  private final @Nullable TtrpcServerObservationConvention convention;
  private final MethodKeyValuesCache defaultKeyValues =
      new MethodKeyValuesCache(TtrpcServerObservationContext::defaultKeyValues);

  /** @param convention replaces the default convention when not null */
  public ObservationServerInterceptor(ObservationRegistry registry,
      @Nullable TtrpcServerObservationConvention convention) {
    this.registry = registry;
    this.convention = convention;
  }

  @Override
  public <Q extends MessageLite, R extends MessageLite> R interceptUnary(MethodDescriptor<Q, R> method, Q request,
      ServerContext context, UnaryHandler<Q, R> next) throws Exception {
    return observe(method, context, false, () -> next.handle(request, context));
  }

  @Override
  public <Q extends MessageLite, R extends MessageLite> R interceptStream(MethodDescriptor<Q, R> method,
      ServerStream<Q, R> stream, StreamHandler<Q, R> next) throws Exception {
    return observe(method, stream, method.type().serverStreams(), () -> next.handle(stream));
  }

  private <R> R observe(MethodDescriptor<?, ?> method, ServerContext call, boolean answersByStream,
      Handling<R> handling) throws Exception {
    TtrpcServerObservationContext context =
        new TtrpcServerObservationContext(method, call, defaultKeyValues.forMethod(method));
    Observation observation = Observation.createNotStarted(convention,
        DefaultTtrpcServerObservationConvention.INSTANCE, () -> context, registry).start();
    R result;
    try (Observation.Scope scope = observation.openScope()) {
      result = handling.run();
    } catch (Throwable t) {
      CallStatus.end(observation, context, call.isCancelled() ? cancellationCode(call) : CallStatus.codeOf(t), t);
      throw t;
    }
    // The server answers INTERNAL when a handler that owes one response returns none.
    Code code = call.isCancelled() ? cancellationCode(call)
        : result == null && !answersByStream ? Code.INTERNAL : Code.OK;
    CallStatus.end(observation, context, code, null);
    return result;
  }

  private static Code cancellationCode(ServerContext call) {
    return call.hasDeadline() && call.remainingNanos() <= 0 ? Code.DEADLINE_EXCEEDED : Code.CANCELLED;
  }

  /** A handler's run, as one call that may throw what handlers throw. */
  @FunctionalInterface
  private interface Handling<R> {
    R run() throws Exception;
  }
}
