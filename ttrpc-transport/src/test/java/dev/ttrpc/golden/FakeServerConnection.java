package dev.ttrpc.golden;

import dev.ttrpc.client.Backoff;
import dev.ttrpc.client.TtrpcClient;
import dev.ttrpc.client.TtrpcClientBuilder;
import dev.ttrpc.testing.TestSockets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.UnaryOperator;

/**
 * A real {@link TtrpcClient} connected to a fake server: a {@link RawPeer} that the test drives byte by byte. The
 * client never reconnects, so a connection the fake server drops stays dropped and the test sees what the client
 * does about it.
 */
public final class FakeServerConnection implements AutoCloseable {
  private static final String SOCKET = "fake.sock";

  private final TestSockets sockets;
  private final RawPeer.Listener listener;
  private final TtrpcClient client;
  private final RawPeer server;

  private FakeServerConnection(TestSockets sockets, RawPeer.Listener listener, TtrpcClient client, RawPeer server) {
    this.sockets = sockets;
    this.listener = listener;
    this.client = client;
    this.server = server;
  }

  /** Connects a client with default settings (no reconnect). */
  public static FakeServerConnection open() {
    return open(UnaryOperator.identity());
  }

  /**
   * Connects a client with the settings {@code configure} adds (no reconnect either way). Unchecked, so that a test
   * can open it in a field's initializer.
   */
  public static FakeServerConnection open(UnaryOperator<TtrpcClientBuilder> configure) {
    TestSockets sockets = new TestSockets();
    try {
      RawPeer.Listener listener = RawPeer.Listener.bind(sockets.path(SOCKET));
      TtrpcClient client = configure.apply(newClient(sockets)).connect();
      return new FakeServerConnection(sockets, listener, client, listener.accept());
    } catch (IOException e) {
      throw new UncheckedIOException("could not connect a client to a fake server at " + sockets.path(SOCKET), e);
    }
  }

  /** The client under test. */
  public TtrpcClient client() {
    return client;
  }

  /** The fake server's end of the client's connection. */
  public RawPeer server() {
    return server;
  }

  /** A second client (default settings, no reconnect) to the same fake server; the caller closes it. */
  public TtrpcClient connectAnotherClient() {
    return newClient(sockets).connect();
  }

  /**
   * The fake server's end of the next connection a client opens (e.g. after {@link #connectAnotherClient()}); the
   * caller closes it.
   */
  public RawPeer acceptNext() throws IOException {
    return listener.accept();
  }

  private static TtrpcClientBuilder newClient(TestSockets sockets) {
    return TtrpcClient.builder(sockets.address(SOCKET)).reconnect(false, Backoff.DEFAULT);
  }

  @Override
  public void close() throws IOException {
    client.close();
    server.close();
    listener.close();
    sockets.close();
  }
}
