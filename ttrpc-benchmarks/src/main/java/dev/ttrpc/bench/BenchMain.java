package dev.ttrpc.bench;

import java.util.Arrays;

/**
 * The benchmark jar's entry point:
 *
 * <pre>
 * java -jar ttrpc-benchmarks.jar server --socket PATH [--executor virtual|pool|direct]
 * java -jar ttrpc-benchmarks.jar client --socket PATH -c N -n CALLS -size BYTES [-warmup CALLS]
 *                                       [-method Echo|Repeat|Sum|Chat] [-msgs K] [-server-pid PID]
 * java -jar ttrpc-benchmarks.jar soak --socket PATH -server-pid PID -server java|go [options, see SoakOptions]
 * java -jar ttrpc-benchmarks.jar starter-overhead --socket PATH [-c 16] [-size 1024] [-rounds 6] [-seconds 5]
 * java -jar ttrpc-benchmarks.jar jmh [JMH options]
 * </pre>
 */
public final class BenchMain {
  private static final String USAGE = "usage:\n"
      + "  server --socket PATH [--executor virtual|pool|direct]\n"
      + "  " + ClientOptions.USAGE + "\n"
      + "  soak --socket PATH -server-pid PID -server java|go [-gctrace FILE] [-seconds S] [-rate R] [-c N] ...\n"
      + "  starter-overhead --socket PATH [-c 16] [-size 1024] [-rounds 6] [-seconds 5] [-warmup-seconds 5]\n"
      + "  jmh [JMH options, e.g. -prof gc CallPath]\n";

  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      fail(USAGE);
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    try {
      switch (args[0]) {
        case "server" -> BenchServer.main(rest);
        case "client" -> BenchClient.main(rest);
        case "soak" -> dev.ttrpc.bench.soak.SoakMain.main(rest);
        case "starter-overhead" -> dev.ttrpc.bench.starter.StarterOverheadMain.main(rest);
        case "jmh" -> org.openjdk.jmh.Main.main(rest);
        default -> fail(USAGE);
      }
    } catch (IllegalArgumentException e) {
      fail(e.getMessage() + "\n" + USAGE);
    }
  }

  private static void fail(String message) {
    System.err.print(message.endsWith("\n") ? message : message + "\n");
    System.exit(2);
  }
}
