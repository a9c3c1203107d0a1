package dev.ttrpc.fault;

import dev.ttrpc.server.TtrpcServer;
import dev.ttrpc.testing.EchoService;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The peer of the fault tests, run in its own JVM so that a test can kill it with SIGKILL: serves
 * {@link EchoService} and {@link HangingService} on the address given as the only argument, prints
 * {@value #READY} once it accepts connections, and runs until killed.
 */
public final class PeerServerMain {
  static final String READY = "PEER-READY";

  private PeerServerMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: PeerServerMain unix:///path/to/socket");
      System.exit(2);
    }
    AtomicReference<TtrpcServer> server = new AtomicReference<>();
    server.set(TtrpcServer.builder(args[0])
        .service(EchoService.definition())
        .service(HangingService.definition(server::get))
        .build()
        .start());
    System.out.println(READY);
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
