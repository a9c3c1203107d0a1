package dev.ttrpc.transport;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a TTRPC peer listens: a filesystem Unix socket or a Linux abstract-namespace socket. Parses the forms
 * containerd and its shims use:
 *
 * <ul>
 *   <li>{@code unix:///run/containerd/s/abc} : a socket file;
 *   <li>{@code unix://@name} : an abstract socket;
 *   <li>{@code \0name}, or any address without a scheme : an abstract socket, as containerd's shim dialer treats
 *       it (so write {@code unix://} before a file path).
 * </ul>
 */
public final class TtrpcAddress {
  /** Unix socket names are limited to 107 bytes (108 with the terminating NUL). */
  public static final int MAX_PATH_BYTES = 107;

  private static final String UNIX = "unix://";

  private final String text;
  private final String path;
  private final boolean abstractNamespace;

  private TtrpcAddress(String text, String path, boolean abstractNamespace) {
    this.text = text;
    this.path = path;
    this.abstractNamespace = abstractNamespace;
  }

  /**
   * Parses an address.
   *
   * @throws IllegalArgumentException naming the address and what is wrong with it
   */
  public static TtrpcAddress parse(String address) {
    if (address == null || address.isEmpty()) {
      throw new IllegalArgumentException("ttrpc address is empty");
    }
    TtrpcAddress parsed;
    if (address.startsWith(UNIX)) {
      String rest = address.substring(UNIX.length());
      parsed = rest.startsWith("@")
          ? new TtrpcAddress(address, rest.substring(1), true)
          : new TtrpcAddress(address, rest, false);
    } else if (address.startsWith("\0")) {
      parsed = new TtrpcAddress(address, address.substring(1), true);
    } else if (address.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
      throw new IllegalArgumentException("ttrpc address '" + address
          + "': unsupported scheme; only unix:// (file or @abstract) is supported");
    } else {
      parsed = new TtrpcAddress(address, address, true);
    }
    if (parsed.path.isEmpty()) {
      throw new IllegalArgumentException("ttrpc address '" + address + "' names no socket");
    }
    if (!parsed.abstractNamespace && !parsed.path.startsWith("/")) {
      // Resolved against whatever directory the process happens to run in, the same text would name a different
      // socket from one start to the next.
      throw new IllegalArgumentException("ttrpc address '" + address + "' names a relative socket path '"
          + parsed.path + "'; write an absolute path (unix:///...)");
    }
    int bytes = parsed.path.getBytes(StandardCharsets.UTF_8).length + (parsed.abstractNamespace ? 1 : 0);
    if (bytes > MAX_PATH_BYTES) {
      throw new IllegalArgumentException("ttrpc address '" + address + "' is " + bytes
          + " bytes long; a Unix socket name may have at most " + MAX_PATH_BYTES);
    }
    return parsed;
  }

  /** A filesystem socket address. */
  public static TtrpcAddress file(Path path) {
    return parse(UNIX + path.toAbsolutePath());
  }

  /** An abstract-namespace socket address. */
  public static TtrpcAddress abstractName(String name) {
    return parse(UNIX + "@" + name);
  }

  public boolean isAbstract() {
    return abstractNamespace;
  }

  /** The socket file's path, or the abstract name (without its leading NUL or {@code @}). */
  public String path() {
    return path;
  }

  /** The socket file, for a filesystem address. */
  public Path file() {
    if (abstractNamespace) {
      throw new IllegalStateException("abstract address " + this + " has no file");
    }
    return Path.of(path);
  }

  /** The canonical text: {@code unix:///path} or {@code unix://@name}. */
  @Override
  public String toString() {
    return abstractNamespace ? UNIX + "@" + path : UNIX + path;
  }

  /** The text this address was parsed from. */
  public String original() {
    return text;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TtrpcAddress other
        && abstractNamespace == other.abstractNamespace
        && path.equals(other.path);
  }

  @Override
  public int hashCode() {
    return Objects.hash(path, abstractNamespace);
  }
}
