package dev.ttrpc.transport;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * Opens the socket a client talks over. The default, {@link UnixConnector}, uses junixsocket; a custom connector can
 * dial through anything that yields a selectable {@link SocketChannel} (the JDK's own Unix channels, a proxy, a
 * test double).
 */
@FunctionalInterface
public interface Connector {
  /**
   * Connects to {@code address}.
   *
   * @throws IOException when nothing listens there, naming the address
   */
  SocketChannel connect(TtrpcAddress address, Duration timeout) throws IOException;
}
