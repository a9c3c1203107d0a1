package dev.ttrpc.server;

import dev.ttrpc.transport.TtrpcAddress;
import dev.ttrpc.transport.UnixConnector;
import java.io.IOException;
import java.net.SocketException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import org.newsclub.net.unix.AFUNIXServerSocketChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.AFUNIXSocketChannel;

/**
 * Binds a server's listening socket safely. A socket file is restricted to its owner (0600) as soon as it exists; a
 * missing directory is created 0700; a stale socket file (nobody listening) is replaced, a live one is never stolen, and
 * anything else at the path (a symbolic link, a regular file) is refused rather than followed or deleted.
 */
final class SocketBinder {
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
  private static final int S_IFMT = 0170000;
  private static final int S_IFSOCK = 0140000;

  /** A bound listener and, for a socket file, the identity of the file it created. */
  record Bound(AFUNIXServerSocketChannel channel, Path file, Object fileKey) {
    /** Removes the socket file, if it is still the one this server created. */
    void unlink() {
      if (file == null) {
        return;
      }
      try {
        BasicFileAttributes now = Files.readAttributes(file, BasicFileAttributes.class, NOFOLLOW);
        if (fileKey != null && fileKey.equals(now.fileKey())) {
          Files.deleteIfExists(file);
        }
      } catch (IOException ignored) {
        // Already gone, or replaced by someone else's: leave it.
      }
    }
  }

  private SocketBinder() {}

  static Bound bind(TtrpcAddress address, int backlog) throws IOException {
    AFUNIXServerSocketChannel channel = AFUNIXServerSocketChannel.open();
    try {
      if (address.isAbstract()) {
        channel.bind(AFUNIXSocketAddress.inAbstractNamespace(address.path()), backlog);
        return new Bound(channel, null, null);
      }
      Path file = address.file().toAbsolutePath();
      prepareDirectory(file.getParent());
      clearStale(file);
      channel.bind(AFUNIXSocketAddress.of(file), backlog);
      // junixsocket closes a listener whose socket file was renamed, so the mode is set right after bind; a peer
      // that slips in between still has to pass the handshake.
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      Object key = Files.readAttributes(file, BasicFileAttributes.class, NOFOLLOW).fileKey();
      return new Bound(channel, file, key);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private static void prepareDirectory(Path dir) throws IOException {
    if (dir == null || Files.isDirectory(dir, NOFOLLOW)) {
      return;
    }
    if (Files.exists(dir, NOFOLLOW) && !Files.isDirectory(dir)) {
      throw new FileAlreadyExistsException(dir.toString(), null, "socket directory exists and is not a directory");
    }
    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
  }

  private static void clearStale(Path file) throws IOException {
    if (!Files.exists(file, NOFOLLOW)) {
      return;
    }
    if (Files.isSymbolicLink(file)) {
      throw new FileAlreadyExistsException(file.toString(), null,
          "refusing to bind: the socket path is a symbolic link");
    }
    int mode = (Integer) Files.getAttribute(file, "unix:mode", NOFOLLOW);
    if ((mode & S_IFMT) != S_IFSOCK) {
      throw new FileAlreadyExistsException(file.toString(), null, "refusing to bind: the path exists and is not a socket");
    }
    if (isLive(file)) {
      throw new FileAlreadyExistsException(file.toString(), null, "a live server is listening on this socket");
    }
    Files.deleteIfExists(file);
  }

  private static boolean isLive(Path file) {
    try (AFUNIXSocketChannel probe = AFUNIXSocketChannel.open()) {
      probe.connect(UnixConnector.socketAddress(TtrpcAddress.file(file)));
      return true;
    } catch (SocketException e) {
      return false;
    } catch (IOException e) {
      return false;
    }
  }
}
