package dev.ttrpc.testing;

import dev.ttrpc.transport.Connector;
import dev.ttrpc.transport.TtrpcAddress;
import dev.ttrpc.transport.UnixConnector;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Dials like the default connector and keeps every socket it opened, so that a test can count or break them. */
public final class RecordingConnector implements Connector {
  private final List<SocketChannel> opened = new CopyOnWriteArrayList<>();

  @Override
  public SocketChannel connect(TtrpcAddress address, Duration timeout) throws IOException {
    SocketChannel channel = UnixConnector.INSTANCE.connect(address, timeout);
    opened.add(channel);
    return channel;
  }

  /** Sockets opened so far. */
  public int count() {
    return opened.size();
  }

  /**
   * Hangs up socket number {@code index} (0 for the first opened) under the client, as a peer going away would. It
   * shuts the socket down rather than closing it, because closing a channel does not wake a selector waiting on it;
   * input first, so that nothing the peer answers to the hang-up can reach the client.
   */
  public void breakSocket(int index) throws IOException {
    SocketChannel channel = opened.get(index);
    channel.shutdownInput();
    channel.shutdownOutput();
  }
}
