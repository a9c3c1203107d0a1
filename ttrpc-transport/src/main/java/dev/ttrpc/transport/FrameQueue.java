package dev.ttrpc.transport;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A multi-producer, single-consumer queue linked through the frames themselves, so that queueing a frame allocates
 * nothing. Producers never block; the one consumer is whoever holds the writer's lock.
 */
final class FrameQueue {
  private static final VarHandle NEXT;

  static {
    try {
      NEXT = MethodHandles.lookup().findVarHandle(OutboundFrame.class, "next", OutboundFrame.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final AtomicReference<OutboundFrame> tail;
  private volatile OutboundFrame head;

  FrameQueue() {
    OutboundFrame stub = new Stub();
    head = stub;
    tail = new AtomicReference<>(stub);
  }

  void offer(OutboundFrame frame) {
    NEXT.setRelease(frame, (OutboundFrame) null);
    OutboundFrame prev = tail.getAndSet(frame);
    NEXT.setRelease(prev, frame);
  }

  /** The next frame, or null when empty. Consumer only. */
  OutboundFrame poll() {
    OutboundFrame h = head;
    OutboundFrame next = (OutboundFrame) NEXT.getAcquire(h);
    if (next == null) {
      if (tail.get() == h) {
        return null;
      }
      // A producer has swapped the tail but not linked its frame yet: it is a few instructions away.
      do {
        Thread.onSpinWait();
        next = (OutboundFrame) NEXT.getAcquire(h);
      } while (next == null);
    }
    head = next;
    return next;
  }

  /** Whether no frame is waiting; safe from any thread. */
  boolean isEmpty() {
    return tail.get() == head;
  }

  private static final class Stub extends OutboundFrame {
    @Override
    protected int streamId() {
      return 0;
    }

    @Override
    protected int type() {
      return 0;
    }

    @Override
    protected int flags() {
      return 0;
    }

    @Override
    protected int payloadLength() {
      return 0;
    }

    @Override
    protected void writePayload(java.nio.ByteBuffer out) {}
  }
}
