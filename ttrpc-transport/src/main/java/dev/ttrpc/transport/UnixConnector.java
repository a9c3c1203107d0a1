package dev.ttrpc.transport;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.AFUNIXSocketChannel;

/** Connects with junixsocket, which reaches both socket files and the Linux abstract namespace. */
public final class UnixConnector implements Connector {
  /** The shared instance. */
  public static final UnixConnector INSTANCE = new UnixConnector();

  /** The junixsocket address of a TTRPC address. */
  public static AFUNIXSocketAddress socketAddress(TtrpcAddress address) throws IOException {
    return address.isAbstract()
        ? AFUNIXSocketAddress.inAbstractNamespace(address.path())
        : AFUNIXSocketAddress.of(address.file());
  }

  @Override
  public SocketChannel connect(TtrpcAddress address, Duration timeout) throws IOException {
    AFUNIXSocketChannel channel = AFUNIXSocketChannel.open();
    try {
      // A Unix socket connects at once or is refused at once; only a full listen backlog makes it wait, and the
      // send timeout bounds that wait.
      channel.socket().setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis())));
      channel.connect(socketAddress(address));
      channel.socket().setSoTimeout(0);
      return channel;
    } catch (IOException e) {
      channel.close();
      throw withAddress(address, e);
    }
  }

  private static IOException withAddress(TtrpcAddress address, IOException e) {
    if (e.getMessage() != null && e.getMessage().contains(address.path())) {
      return e;
    }
    IOException wrapped = new IOException("cannot connect to " + address + ": " + e.getMessage(), e);
    return wrapped;
  }
}
