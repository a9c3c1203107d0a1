package dev.ttrpc.bench;

import dev.ttrpc.client.TtrpcClient;

/**
 * What one call of a benchmark method is, for one caller thread (each thread has its own). A call that fails
 * returns why, or throws.
 *
 * <ul>
 *   <li>{@code Echo}: one unary call; the response must equal the request.
 *   <li>{@code Repeat}: one server stream: one request whose first byte is {@code msgs}, then {@code msgs} responses,
 *       each equal to the request, then the end of the stream.
 *   <li>{@code Sum}: one client stream: the request sent {@code msgs} times, then one response that must be the
 *       request repeated {@code msgs} times.
 *   <li>{@code Chat}: one bidirectional stream: {@code msgs} ping-pongs (send the request, receive it back), then the
 *       client closes its side and the stream must end.
 * </ul>
 */
abstract class Caller {
  final TtrpcClient client;
  final Payload payload;
  final int msgs;

  Caller(TtrpcClient client, int size, int msgs) {
    this.client = client;
    this.payload = new Payload(size);
    this.msgs = msgs;
  }

  /** A caller of {@code method} ({@code Echo}, {@code Repeat}, {@code Sum} or {@code Chat}). */
  static Caller create(String method, TtrpcClient client, int size, int msgs) {
    return switch (method) {
      case "Echo" -> new EchoCaller(client, size);
      case "Repeat" -> new RepeatCaller(client, size, msgs);
      case "Sum" -> new SumCaller(client, size, msgs);
      case "Chat" -> new ChatCaller(client, size, msgs);
      default -> throw new IllegalArgumentException("unknown method '" + method + "'");
    };
  }

  /** Makes call {@code seq}; null when it succeeded and every response checked out, else what went wrong. */
  abstract String call(long seq);
}
