package dev.ttrpc.spring.client;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;

/**
 * Where sockets named in containerd's address files are visible to this process. An address file holds the socket
 * path as containerd (and its shims) see it, e.g. {@code /run/containerd/s/<hash>}; a node agent in a container that
 * has the host's {@code /run/containerd} mounted at {@code /host/run/containerd}, or a test whose containerd runs in
 * its own mount namespace, sees the same socket elsewhere. A mapping replaces the leading path {@code from} with
 * {@code to}; it matches whole path elements only ({@code /run/containerd} matches {@code /run/containerd/s/x}, not
 * {@code /run/containerd2/x}).
 *
 * @param from a path prefix as written in address files; absolute
 * @param to where that path is visible to this process; absolute
 */
public record SocketPathMapping(Path from, Path to) {

  /** @throws IllegalArgumentException when either path is not absolute */
  public SocketPathMapping {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (!from.isAbsolute() || !to.isAbsolute()) {
      throw new IllegalArgumentException("socket path mapping " + from + " -> " + to + ": both paths must be absolute");
    }
    from = from.normalize();
    to = to.normalize();
  }

  /** {@code path} with this mapping's prefix replaced, or empty when {@code path} does not start with it. */
  public Optional<Path> apply(Path path) {
    Path normalized = path.normalize();
    return normalized.startsWith(from) ? Optional.of(to.resolve(from.relativize(normalized))) : Optional.empty();
  }

  /** {@code path} mapped by the mapping with the longest matching prefix, or unchanged when none matches. */
  public static Path map(Collection<SocketPathMapping> mappings, Path path) {
    SocketPathMapping best = null;
    for (SocketPathMapping m : mappings) {
      if (path.normalize().startsWith(m.from) && (best == null || m.from.getNameCount() > best.from.getNameCount())) {
        best = m;
      }
    }
    return best == null ? path : best.apply(path).orElseThrow();
  }
}
