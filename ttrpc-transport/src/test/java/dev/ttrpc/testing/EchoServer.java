package dev.ttrpc.testing;

import dev.ttrpc.client.TtrpcClient;
import dev.ttrpc.server.ServiceDefinition;
import dev.ttrpc.server.TtrpcServer;
import dev.ttrpc.server.TtrpcServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.UnaryOperator;

/** A running server with {@link EchoService} on a temporary socket, for tests. */
public final class EchoServer implements AutoCloseable {
  private final TestSockets sockets = new TestSockets();
  private final TtrpcServer server;

  public EchoServer() {
    this(b -> b);
  }

  public EchoServer(UnaryOperator<TtrpcServerBuilder> customize) {
    this(customize, EchoService.definition());
  }

  public EchoServer(UnaryOperator<TtrpcServerBuilder> customize, ServiceDefinition... services) {
    TtrpcServerBuilder builder = TtrpcServer.builder(sockets.address("echo.sock"));
    for (ServiceDefinition s : services) {
      builder.service(s);
    }
    try {
      server = customize.apply(builder).build().start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String address() {
    return sockets.address("echo.sock");
  }

  public TtrpcServer server() {
    return server;
  }

  public TestSockets sockets() {
    return sockets;
  }

  public TtrpcClient connect() {
    return TtrpcClient.connect(address());
  }

  @Override
  public void close() {
    server.close();
    sockets.close();
  }
}
