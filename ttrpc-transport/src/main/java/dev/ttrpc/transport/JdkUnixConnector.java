package dev.ttrpc.transport;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * Connects to socket files with the JDK's own Unix-domain channels (Java 16+), whose epoll selector allocates
 * nothing per wait. It cannot reach the abstract namespace: such addresses go through {@link UnixConnector}.
 */
public final class JdkUnixConnector implements Connector {
  /** The shared instance. */
  public static final JdkUnixConnector INSTANCE = new JdkUnixConnector();

  @Override
  public SocketChannel connect(TtrpcAddress address, Duration timeout) throws IOException {
    if (address.isAbstract()) {
      return UnixConnector.INSTANCE.connect(address, timeout);
    }
    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      channel.connect(UnixDomainSocketAddress.of(address.file()));
      return channel;
    } catch (IOException e) {
      channel.close();
      throw new IOException("cannot connect to " + address + ": " + e.getMessage(), e);
    }
  }
}
