package dev.ttrpc.client;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A client's {@link ConnectivityState}: the best of its connections' states (READY if any is READY, else CONNECTING
 * if any dials, else FAILED if any failed, else IDLE), and the delivery of its changes to the listeners.
 *
 * <p>Connections report their changes while holding their own lock; the listeners hear of them later, from
 * {@link #deliver()}, which connections call once they let go of that lock. Changes reach the listeners one at a
 * time and in the order they happened, and a listener may call the client without deadlocking it.
 */
final class ClientState {
  private final TtrpcClient client;
  private final List<StateListener> listeners = new CopyOnWriteArrayList<>();
  private final ConnectivityState[] connectionStates;
  /** Changes not yet told to the listeners; guarded by {@code this}. */
  private final Queue<Change> undelivered = new ArrayDeque<>();
  /** A thread is telling the listeners; guarded by {@code this}. */
  private boolean delivering;
  private volatile ConnectivityState state = ConnectivityState.IDLE;
  private volatile Throwable lastError;

  ClientState(TtrpcClient client, int connections) {
    this.client = client;
    this.connectionStates = new ConnectivityState[connections];
    Arrays.fill(connectionStates, ConnectivityState.IDLE);
  }

  ConnectivityState get() {
    return state;
  }

  Throwable lastError() {
    return lastError;
  }

  void addListener(StateListener listener) {
    listeners.add(listener);
  }

  void removeListener(StateListener listener) {
    listeners.remove(listener);
  }

  /** Connection number {@code index} moved to {@code next}; {@code cause} is why it failed, or null. */
  synchronized void connectionChanged(int index, ConnectivityState next, Throwable cause) {
    if (cause != null) {
      lastError = cause;
    }
    connectionStates[index] = next;
    moveTo(best(), cause);
  }

  /** The client closed: the last change the listeners hear of. */
  void closed() {
    synchronized (this) {
      moveTo(ConnectivityState.CLOSED, null);
    }
    deliver();
  }

  /** Tells the listeners of the changes so far, unless another thread is doing so (it will tell these too). */
  void deliver() {
    synchronized (this) {
      if (delivering || undelivered.isEmpty()) {
        return;
      }
      delivering = true;
    }
    boolean drained = false;
    try {
      while (true) {
        Change change;
        synchronized (this) {
          change = undelivered.poll();
          if (change == null) {
            delivering = false;
            drained = true;
            return;
          }
        }
        tell(change);
      }
    } finally {
      if (!drained) {
        synchronized (this) {
          delivering = false;
        }
      }
    }
  }

  private void moveTo(ConnectivityState next, Throwable cause) {
    ConnectivityState previous = state;
    if (previous == next || previous == ConnectivityState.CLOSED) {
      return;
    }
    state = next;
    undelivered.add(new Change(previous, next, cause));
  }

  private ConnectivityState best() {
    ConnectivityState best = ConnectivityState.IDLE;
    for (ConnectivityState s : connectionStates) {
      if (rank(s) > rank(best)) {
        best = s;
      }
    }
    return best;
  }

  /** How much a connection in state {@code s} says about the client: READY beats dialling beats failed beats idle. */
  private static int rank(ConnectivityState s) {
    return switch (s) {
      case READY -> 4;
      case CONNECTING -> 3;
      case FAILED -> 2;
      case IDLE -> 1;
      case CLOSED -> 0;
    };
  }

  private void tell(Change change) {
    for (StateListener listener : listeners) {
      try {
        listener.stateChanged(client, change.from, change.to, change.cause);
      } catch (RuntimeException e) {
        // A listener's failure must not break the client.
      }
    }
  }

  private record Change(ConnectivityState from, ConnectivityState to, Throwable cause) {}
}
