package dev.ttrpc.client;

import com.google.protobuf.MessageLite;
import dev.ttrpc.MethodDescriptor;
import java.util.concurrent.CompletableFuture;

/**
 * Wraps outgoing calls: to add metadata, observe, retry or reject them. Interceptors chain in the order they were
 * added to the client, the first one outermost. Both methods pass the call on unchanged by default.
 */
public interface ClientInterceptor {
  /** Continues a unary call down the chain. */
  interface UnaryInvoker {
    <Q extends MessageLite, R extends MessageLite> CompletableFuture<R> invoke(
        MethodDescriptor<Q, R> method, Q request, CallOptions options);
  }

  /** Continues the opening of a streaming call down the chain. */
  interface StreamInvoker {
    <Q extends MessageLite, R extends MessageLite> ClientStream<Q, R> open(
        MethodDescriptor<Q, R> method, Q firstRequest, CallOptions options);
  }

  /** Intercepts a unary call. */
  default <Q extends MessageLite, R extends MessageLite> CompletableFuture<R> interceptUnary(
      MethodDescriptor<Q, R> method, Q request, CallOptions options, UnaryInvoker next) {
    return next.invoke(method, request, options);
  }

  /**
   * Intercepts the opening of a streaming call; {@code firstRequest} is the request of a server-streaming call and
   * null otherwise.
   */
  default <Q extends MessageLite, R extends MessageLite> ClientStream<Q, R> interceptStream(
      MethodDescriptor<Q, R> method, Q firstRequest, CallOptions options, StreamInvoker next) {
    return next.open(method, firstRequest, options);
  }
}
