package dev.ttrpc.bench.starter;

import com.google.protobuf.MessageLite;
import dev.ttrpc.MethodDescriptor;
import dev.ttrpc.client.CallOptions;
import dev.ttrpc.client.ClientInterceptor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

/** The "user" interceptor of the starter path: counts unary calls, as an application's own bookkeeping would. */
final class CountingInterceptor implements ClientInterceptor {
  private final LongAdder calls = new LongAdder();

  @Override
  public <Q extends MessageLite, R extends MessageLite> CompletableFuture<R> interceptUnary(
      MethodDescriptor<Q, R> method, Q request, CallOptions options, UnaryInvoker next) {
    calls.increment();
    return next.invoke(method, request, options);
  }

  long calls() {
    return calls.sum();
  }
}
