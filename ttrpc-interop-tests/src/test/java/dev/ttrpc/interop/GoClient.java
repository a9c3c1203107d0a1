package dev.ttrpc.interop;

import com.google.protobuf.MessageLite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** {@code ttrpc-go-peer call} and {@code concurrent}: a Go ttrpc 1.1.1 client, one process per use. */
final class GoClient {
  /** Payloads bigger than this go through a file: argv strings are limited to 128 KiB on Linux. */
  private static final int MAX_HEX_ARG_BYTES = 16 << 10;

  private final Path socket;
  private final Path workDir;

  /**
   * @param socket the server's socket path (no {@code unix://})
   * @param workDir where payload files and stderr logs go
   */
  GoClient(Path socket, Path workDir) {
    this.socket = socket;
    this.workDir = workDir;
  }

  /** One call's outcome; {@code code} -1 is a Go error without a status (e.g. the caller's own deadline). */
  record Result(int code, String message, byte[] payload, long elapsedMicros) {
    String payloadHex() {
      return HexFormat.of().formatHex(payload);
    }

    @Override
    public String toString() {
      return "{code=" + code + ", message='" + message + "', payload=" + payload.length + " bytes}";
    }
  }

  /** {@code concurrent}'s summary. */
  record Concurrent(long ok, long errors, long mismatched, String firstError) {}

  Result call(String service, String method, MessageLite request, String... flags) {
    return call(service, method, request.toByteArray(), flags);
  }

  /**
   * Calls {@code service/method} with {@code payload} as the request's payload bytes.
   *
   * @param flags more flags, e.g. {@code --timeout 2s} or {@code --md k=v}
   */
  Result call(String service, String method, byte[] payload, String... flags) {
    List<String> args = new ArrayList<>(List.of("call", "--socket", socket.toString(), "--service", service,
        "--method", method));
    if (payload.length > MAX_HEX_ARG_BYTES) {
      try {
        Path file = Files.createTempFile(workDir, "payload-", ".bin");
        Files.write(file, payload);
        args.addAll(List.of("--payload-file", file.toString()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    } else if (payload.length > 0) {
      args.addAll(List.of("--payload-hex", HexFormat.of().formatHex(payload)));
    }
    args.addAll(List.of(flags));
    Map<String, Object> out = Json.object(GoPeers.run(workDir, args));
    return new Result(((Long) out.get("code")).intValue(), (String) out.get("message"),
        HexFormat.of().parseHex((String) out.get("payload_hex")), (Long) out.get("elapsed_us"));
  }

  /** {@code n} calls at once from one Go client (one connection) of {@code ttrpc.interop.v1.Interop/Echo}. */
  Concurrent concurrent(int n, int size) {
    Map<String, Object> out = Json.object(GoPeers.run(workDir, List.of("concurrent", "--socket", socket.toString(),
        "-n", Integer.toString(n), "--size", Integer.toString(size))));
    return new Concurrent((Long) out.get("ok"), (Long) out.get("errors"), (Long) out.get("mismatched"),
        (String) out.get("first_error"));
  }
}
