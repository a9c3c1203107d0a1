package dev.ttrpc.transport;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import org.newsclub.net.unix.AFUNIXSocketChannel;
import org.newsclub.net.unix.AFUNIXSocketCredentials;

/**
 * Who is at the other end of a Unix socket, from {@code SO_PEERCRED}: the peer's process id, user id and group id
 * when it connected. {@code -1} means unknown.
 */
public record PeerCredentials(long pid, long uid, long gid) {
  /** Credentials that could not be read. */
  public static final PeerCredentials UNKNOWN = new PeerCredentials(-1, -1, -1);

  /** Reads the peer of a connected channel. */
  public static PeerCredentials of(SocketChannel channel) throws IOException {
    if (channel instanceof AFUNIXSocketChannel unix) {
      AFUNIXSocketCredentials c = unix.getPeerCredentials();
      if (c == null) {
        return UNKNOWN;
      }
      return new PeerCredentials(c.getPid(), c.getUid(), c.getGid());
    }
    return UNKNOWN;
  }

  @Override
  public String toString() {
    return "pid=" + pid + " uid=" + uid + " gid=" + gid;
  }
}
