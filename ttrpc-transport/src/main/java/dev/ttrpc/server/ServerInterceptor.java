package dev.ttrpc.server;

import com.google.protobuf.MessageLite;
import dev.ttrpc.MethodDescriptor;

/**
 * Wraps incoming calls, on the handler's thread: to authorize, observe or decorate them. The first interceptor
 * added to the server is outermost. Both methods pass the call on unchanged by default.
 */
public interface ServerInterceptor {
  default <Q extends MessageLite, R extends MessageLite> R interceptUnary(
      MethodDescriptor<Q, R> method, Q request, ServerContext context, UnaryHandler<Q, R> next) throws Exception {
    return next.handle(request, context);
  }

  default <Q extends MessageLite, R extends MessageLite> R interceptStream(
      MethodDescriptor<Q, R> method, ServerStream<Q, R> stream, StreamHandler<Q, R> next) throws Exception {
    return next.handle(stream);
  }
}
