package dev.ttrpc.client;

import dev.ttrpc.Metadata;

/**
 * The client's side of a streaming call. Sending never blocks on the socket; receiving blocks until a message, the
 * end of the stream, an error or the call's deadline. For a server-streaming call the one request was sent when the
 * stream opened and only {@link #receive()} applies.
 *
 * @param <Q> request message type
 * @param <R> response message type
 */
public interface ClientStream<Q, R> extends AutoCloseable {
  /**
   * Sends one message.
   *
   * @throws dev.ttrpc.TtrpcException if the stream already failed or the send side is closed
   */
  void send(Q message);

  /** Tells the server no more messages follow. Idempotent. */
  void closeSend();

  /**
   * The next message from the server, or null once the stream ended normally.
   *
   * @throws dev.ttrpc.TtrpcException with the status the server ended the stream with, DEADLINE_EXCEEDED, CANCELLED,
   *     or UNAVAILABLE when the connection dropped
   */
  R receive();

  /** For a client-streaming call: closes the send side and returns the server's one response. */
  default R closeAndReceive() {
    closeSend();
    R response = receive();
    if (response == null) {
      throw dev.ttrpc.TtrpcException.of(dev.ttrpc.Code.INTERNAL, "stream ended without a response");
    }
    return response;
  }

  /** Abandons the call; a later {@link #receive()} throws CANCELLED. */
  void cancel();

  /** The metadata sent with the call. */
  Metadata metadata();

  /** Cancels the call unless it already ended. */
  @Override
  void close();
}
