package dev.ttrpc.server;

/**
 * The server's side of a streaming call.
 *
 * @param <Q> request message type
 * @param <R> response message type
 */
public interface ServerStream<Q, R> extends ServerContext {
  /**
   * The next message from the client, or null once it closed its side. For a server-streaming method the one
   * request is the first message.
   *
   * @throws dev.ttrpc.TtrpcException CANCELLED or DEADLINE_EXCEEDED when the call was cancelled
   */
  Q receive();

  /**
   * Sends one message (server- and bidirectional-streaming methods). Never blocks on the socket; blocks while the
   * answers queued for a peer that is not reading exceed the connection's byte budget
   * ({@code maxBytesInFlightPerConnection}), until the peer reads again or the call ends.
   *
   * @throws dev.ttrpc.TtrpcException if the call is over
   */
  void send(R message);
}
