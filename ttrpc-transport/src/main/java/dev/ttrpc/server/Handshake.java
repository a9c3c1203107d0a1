package dev.ttrpc.server;

import dev.ttrpc.transport.PeerCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Decides, from {@code SO_PEERCRED}, whether a freshly accepted peer may talk to the server. A refused peer is
 * disconnected before any frame is read, and the refusal is logged with the peer's pid, uid and gid.
 */
@FunctionalInterface
public interface Handshake {
  /** Returns null to accept the peer, or why it is refused. */
  String check(PeerCredentials peer);

  /** Only processes of this process's user (containerd's shims require this). The default. */
  static Handshake sameUser() {
    long uid = ProcessIdentity.UID;
    long gid = ProcessIdentity.GID;
    return peer -> peer.uid() == uid && peer.gid() == gid
        ? null
        : "peer uid " + peer.uid() + " gid " + peer.gid() + " is not this server's uid " + uid + " gid " + gid;
  }

  /** Only root. */
  static Handshake root() {
    return peer -> peer.uid() == 0 ? null : "peer uid " + peer.uid() + " is not root";
  }

  /** Only this uid and gid; -1 for either means any. */
  static Handshake uidGid(long uid, long gid) {
    return peer -> (uid == -1 || peer.uid() == uid) && (gid == -1 || peer.gid() == gid)
        ? null
        : "peer uid " + peer.uid() + " gid " + peer.gid() + " is not uid " + uid + " gid " + gid;
  }

  /** Anyone who can open the socket. */
  static Handshake any() {
    return peer -> null;
  }

  /** This process's user and group, read once. */
  final class ProcessIdentity {
    static final long UID = read("unix:uid");
    static final long GID = read("unix:gid");

    private ProcessIdentity() {}

    private static long read(String attribute) {
      try {
        return ((Number) Files.getAttribute(Path.of("/proc/self"), attribute)).longValue();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read this process's " + attribute + " from /proc/self", e);
      }
    }
  }
}
