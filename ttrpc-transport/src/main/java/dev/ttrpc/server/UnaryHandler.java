package dev.ttrpc.server;

/**
 * Serves a unary method. Throw a {@link dev.ttrpc.TtrpcException} to answer with a status; any other exception
 * answers UNKNOWN with its message.
 */
@FunctionalInterface
public interface UnaryHandler<Q, R> {
  R handle(Q request, ServerContext context) throws Exception;
}
