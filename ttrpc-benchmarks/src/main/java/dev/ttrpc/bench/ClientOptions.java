package dev.ttrpc.bench;

import java.nio.file.Path;
import java.util.Set;

/**
 * Settings of a load run.
 *
 * @param socket the server's socket file
 * @param concurrency caller threads, each in a closed loop
 * @param calls measured calls, over all callers
 * @param size request payload bytes (at least 8: the sequence number)
 * @param warmup calls made and discarded before measuring
 * @param method {@code Echo}, {@code Repeat}, {@code Sum} or {@code Chat}
 * @param msgs messages per streaming call (see {@link Caller}); 1 for {@code Echo}
 * @param serverPid the server's process id, to report its CPU per call; -1 for none
 */
public record ClientOptions(
    Path socket, int concurrency, long calls, int size, long warmup, String method, int msgs, long serverPid) {
  /** Messages per streaming call unless {@code -msgs} says otherwise. */
  public static final int DEFAULT_MSGS = 8;

  static final String USAGE = "client --socket PATH -c N -n CALLS -size BYTES [-warmup CALLS] "
      + "[-method Echo|Repeat|Sum|Chat] [-msgs K] [-server-pid PID]";

  public ClientOptions {
    BenchProtocol.method(method);
    if (concurrency < 1 || calls < 1 || size < Payload.MIN_SIZE || warmup < 0 || msgs < 1) {
      throw new IllegalArgumentException("client: need -c >= 1, -n >= 1, -size >= 8, -warmup >= 0, -msgs >= 1");
    }
  }

  /**
   * Parses the {@code client} command's options. {@code -warmup} defaults to a tenth of {@code -n}, at least
   * {@code -c} (as the Go bench client does).
   */
  static ClientOptions parse(String[] args) {
    Args a = Args.parse("client", args,
        Set.of("socket", "c", "n", "size", "warmup", "method", "msgs", "server-pid"));
    int c = (int) a.number("c", 1, 1, 100_000);
    long n = a.number("n", 10_000, 1, Integer.MAX_VALUE - 16);
    String method = a.string("method", "Echo");
    int msgs = (int) a.number("msgs", method.equals("Echo") ? 1 : DEFAULT_MSGS, 1, 1_000_000);
    return new ClientOptions(Path.of(a.required("socket")), c, n, (int) a.number("size", 16, Payload.MIN_SIZE,
        Integer.MAX_VALUE), a.number("warmup", Math.max(n / 10, c), 0, Integer.MAX_VALUE - 16), method, msgs,
        a.number("server-pid", -1, -1, Long.MAX_VALUE));
  }
}
