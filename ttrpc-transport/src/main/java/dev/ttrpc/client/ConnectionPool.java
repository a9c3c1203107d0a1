package dev.ttrpc.client;

import dev.ttrpc.TtrpcException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client's connections to its one peer and the choice of the one a call goes out on: the next READY connection in
 * round-robin order. A call never waits for a dial while another connection is READY; only when none is does the
 * call dial one itself, and the idle ones then dial in the background.
 */
final class ConnectionPool {
  private final ManagedConnection[] connections;
  private final AtomicInteger nextStart = new AtomicInteger();

  ConnectionPool(ClientConfig config, ClientState clientState) {
    connections = new ManagedConnection[config.connections()];
    for (int i = 0; i < connections.length; i++) {
      connections[i] = new ManagedConnection(config, i, clientState);
    }
  }

  /**
   * A socket with room for one more call reserved.
   *
   * @throws TtrpcException UNAVAILABLE when no connection is READY and none can be dialled now
   */
  ClientConnection admit() {
    ManagedConnection[] all = connections;
    if (all.length == 1) {
      // The common case: no round-robin counter to contend on.
      ClientConnection c = all[0].tryAdmit();
      return c != null ? c : all[0].admit();
    }
    int start = Math.floorMod(nextStart.getAndIncrement(), all.length);
    for (int i = 0; i < all.length; i++) {
      ClientConnection c = all[(start + i) % all.length].tryAdmit();
      if (c != null) {
        for (int skipped = 0; skipped < i; skipped++) {
          all[(start + skipped) % all.length].warmUp();
        }
        return c;
      }
    }
    return admitDialling(start);
  }

  /**
   * Dials every connection that is not connected.
   *
   * @throws TtrpcException UNAVAILABLE, for the first that failed, when any dial fails
   */
  void connectAll() {
    TtrpcException failure = null;
    for (ManagedConnection connection : connections) {
      try {
        connection.admit().release(0);
      } catch (TtrpcException e) {
        failure = failure == null ? e : failure;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Sockets re-established after a loss, over all connections. */
  long reconnects() {
    long sum = 0;
    for (ManagedConnection connection : connections) {
      sum += connection.reconnects();
    }
    return sum;
  }

  /** Calls started and not finished, over all connections. */
  int callsInFlight() {
    int sum = 0;
    for (ManagedConnection connection : connections) {
      sum += connection.callsInFlight();
    }
    return sum;
  }

  /** See {@link ClientConnection#oldestUnaryCallAge}; the oldest over all connections. */
  long oldestUnaryCallAge(long now) {
    long oldest = 0;
    for (ManagedConnection connection : connections) {
      oldest = Math.max(oldest, connection.oldestUnaryCallAge(now));
    }
    return oldest;
  }

  void close() {
    for (ManagedConnection connection : connections) {
      connection.close();
    }
  }

  private ClientConnection admitDialling(int start) {
    ManagedConnection[] all = connections;
    TtrpcException failure = null;
    for (int i = 0; i < all.length; i++) {
      ManagedConnection chosen = all[(start + i) % all.length];
      try {
        ClientConnection c = chosen.admit();
        for (ManagedConnection other : all) {
          if (other != chosen) {
            other.warmUp();
          }
        }
        return c;
      } catch (TtrpcException e) {
        // This one is closed, waiting to re-dial or cannot dial: another may still be reachable.
        failure = failure == null ? e : failure;
      }
    }
    throw failure;
  }
}
