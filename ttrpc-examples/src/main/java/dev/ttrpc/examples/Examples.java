package dev.ttrpc.examples;

import com.google.protobuf.StringValue;
import dev.ttrpc.Metadata;
import dev.ttrpc.TtrpcException;
import dev.ttrpc.client.CallOptions;
import dev.ttrpc.client.ClientStream;
import dev.ttrpc.client.TtrpcClient;
import dev.ttrpc.server.TtrpcServer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Runs the example: {@code server --socket PATH} serves the Greeter until stopped, {@code client --socket PATH}
 * calls one, {@code task-server --socket PATH} serves a minimal shim Task API ({@link ShimTaskServer}),
 * {@code connect --socket ADDRESS --id ID} asks a containerd shim for its pids ({@link ShimConnect}),
 * and with no arguments a server and a client run in this process on a temporary socket.
 */
public final class Examples {
  private Examples() {}

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "demo";
    String socket = args.length > 2 && args[1].equals("--socket") ? args[2] : null;
    switch (mode) {
      case "server" -> serve(require(socket));
      case "client" -> callAll("unix://" + require(socket), System.out);
      case "connect" -> System.exit(ShimConnect.main(java.util.Arrays.copyOfRange(args, 1, args.length), System.out));
      case "task-server" -> ShimTaskServer.serve(require(socket));
      case "demo" -> demo(System.out);
      default -> {
        System.err.println("usage: [server --socket PATH | client --socket PATH | task-server --socket PATH"
            + " | connect --socket ADDRESS --id ID [--namespace NS]]");
        System.exit(2);
      }
    }
  }

  /** Starts a server on a temporary socket, runs every kind of call against it, and stops. */
  public static void demo(PrintStream out) throws Exception {
    Path dir = Files.createTempDirectory(Path.of("/tmp"), "ttrpc-example");
    String address = "unix://" + dir.resolve("greeter.sock");
    try (TtrpcServer server = TtrpcServer.builder(address).service(Greeter.service()).build().start()) {
      out.println("server listening on " + address);
      callAll(address, out);
      server.shutdown(Duration.ofSeconds(5));
    } finally {
      Files.deleteIfExists(dir.resolve("greeter.sock"));
      Files.deleteIfExists(dir);
    }
  }

  /** Makes a unary, a server-, a client- and a bidirectional-streaming call, and shows an error status. */
  public static void callAll(String address, PrintStream out) {
    try (TtrpcClient client = TtrpcClient.builder(address)
        .defaultMetadata(Metadata.of("example-client", "ttrpc-java"))
        .defaultTimeout(Duration.ofSeconds(5))
        .connect()) {
      line(out, "unary", "Hello(ttrpc)", client.call(Greeter.HELLO, StringValue.of("ttrpc")).getValue());

      StringBuilder letters = new StringBuilder();
      ClientStream<StringValue, StringValue> spell =
          client.openStream(Greeter.SPELL, StringValue.of("shim"), client.defaultOptions());
      for (StringValue letter = spell.receive(); letter != null; letter = spell.receive()) {
        letters.append(letters.length() == 0 ? "" : " ").append(letter.getValue());
      }
      line(out, "server", "Spell(shim)", letters.toString());

      ClientStream<StringValue, StringValue> join = client.openStream(Greeter.JOIN, client.defaultOptions());
      join.send(StringValue.of("containerd"));
      join.send(StringValue.of("runc"));
      line(out, "client", "Join(2 names)", join.closeAndReceive().getValue());

      ClientStream<StringValue, StringValue> chat = client.openStream(Greeter.CHAT, client.defaultOptions());
      for (String name : new String[] {"alice", "bob"}) {
        chat.send(StringValue.of(name));
        line(out, "bidi", "Chat(" + name + ")", chat.receive().getValue());
      }
      chat.closeSend();

      try {
        client.call(Greeter.HELLO, StringValue.of(" "), CallOptions.timeout(Duration.ofSeconds(1)));
      } catch (TtrpcException e) {
        line(out, "error", "Hello(\" \")", e.code() + ": " + e.status().message());
      }
    }
  }

  private static void line(PrintStream out, String kind, String call, String result) {
    out.printf("%-7s %-14s -> %s%n", kind, call, result);
  }

  private static void serve(String socket) throws Exception {
    TtrpcServer server = TtrpcServer.builder("unix://" + socket).service(Greeter.service()).build().start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> server.shutdown(Duration.ofSeconds(5))));
    System.out.println("READY");
    Thread.currentThread().join();
  }

  private static String require(String socket) {
    if (socket == null) {
      System.err.println("missing --socket PATH");
      System.exit(2);
    }
    return socket;
  }
}
