package dev.ttrpc.spring.client;

import dev.ttrpc.transport.TtrpcAddress;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads one shim {@code address} file of containerd's state directory and checks it: a regular file (never a FIFO,
 * which would block the reader), at most {@value #MAX_BYTES} bytes of UTF-8 holding one {@code unix://} address of a
 * socket file whose path, after the {@link SocketPathMapping}s, fits a Unix socket name. Each failure is a
 * {@link Problem} whose message says what is wrong, for a log line that names the file.
 */
final class ShimAddressFile {
  /** Far more than any address containerd writes; a bigger file is junk and is not read whole. */
  static final int MAX_BYTES = 4096;

  private static final String UNIX = "unix://";

  private ShimAddressFile() {
  }

  /** What is wrong with an address file or the socket it names. */
  static final class Problem extends Exception {
    Problem(String message) {
      super(message, null, false, false);
    }
  }

  /** The address in {@code file}, its socket path mapped by {@code mappings}. */
  static TtrpcAddress read(Path file, List<SocketPathMapping> mappings) throws Problem {
    String text = text(file);
    if (text.isEmpty()) {
      throw new Problem("is empty");
    }
    if (text.chars().anyMatch(Character::isISOControl)) {
      throw new Problem("holds control characters, not one address");
    }
    if (!text.startsWith(UNIX)) {
      throw new Problem("holds '" + abbreviate(text) + "', not a unix:// address");
    }
    String path = text.substring(UNIX.length());
    if (path.startsWith("@")) {
      return parse(text);
    }
    Path socket;
    try {
      socket = Path.of(path);
    } catch (InvalidPathException e) {
      throw new Problem("holds '" + abbreviate(text) + "', not a valid path: " + e.getReason());
    }
    if (!socket.isAbsolute()) {
      throw new Problem("holds '" + abbreviate(text) + "', a relative socket path");
    }
    return parse(UNIX + SocketPathMapping.map(mappings, socket));
  }

  /** Why the socket {@code address} names cannot be dialled (missing, or not a socket), or null when it looks fine. */
  static @Nullable String socketProblem(TtrpcAddress address) {
    if (address.isAbstract()) {
      return null;
    }
    try {
      BasicFileAttributes a = Files.readAttributes(address.file(), BasicFileAttributes.class);
      if (a.isRegularFile() || a.isDirectory()) {
        return "names socket " + address.path() + ", which is a " + (a.isDirectory() ? "directory" : "regular file")
            + ", not a socket";
      }
      return null;
    } catch (IOException e) {
      return "names socket " + address.path() + ", which does not exist (is the shim gone, or does"
          + " shim.discovery.socket-path-mappings miss where this process sees it?)";
    }
  }

  private static TtrpcAddress parse(String text) throws Problem {
    try {
      return TtrpcAddress.parse(text);
    } catch (IllegalArgumentException e) {
      throw new Problem(e.getMessage());
    }
  }

  private static String text(Path file) throws Problem {
    byte[] bytes;
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      if (!a.isRegularFile()) {
        throw new Problem("is not a regular file");
      }
      try (InputStream in = Files.newInputStream(file)) {
        bytes = in.readNBytes(MAX_BYTES + 1);
      }
    } catch (IOException e) {
      throw new Problem("cannot be read: " + e);
    }
    if (bytes.length > MAX_BYTES) {
      throw new Problem("is larger than " + MAX_BYTES + " bytes, not one address");
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString().strip();
    } catch (CharacterCodingException e) {
      throw new Problem("is not UTF-8 text");
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 80) + "...";
  }
}
