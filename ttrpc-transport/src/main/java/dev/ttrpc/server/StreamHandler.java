package dev.ttrpc.server;

/**
 * Serves a streaming method. For a client-streaming method the returned message is the call's one response; for
 * server- and bidirectional-streaming methods messages go out through {@link ServerStream#send} and the return value
 * is ignored (return null). Returning ends the call; throwing ends it with a status, as for {@link UnaryHandler}.
 */
@FunctionalInterface
public interface StreamHandler<Q, R> {
  R handle(ServerStream<Q, R> stream) throws Exception;
}
