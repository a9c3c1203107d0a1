package dev.ttrpc.transport;

import dev.ttrpc.codec.Frames;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes queued frames to a non-blocking socket. Whoever queues a frame tries to drain the queue itself, so a
 * lone caller writes its own frame with no thread hand-off, and callers that arrive together share one write. When
 * the socket is full the writer hands the rest to the connection's I/O loop and returns: no caller ever blocks in a
 * socket write, so a caller's deadline covers queueing and writing.
 *
 * <p>Frames are encoded straight into one direct buffer, which the socket reads without another copy. A frame
 * larger than that buffer is encoded once on the heap and fed through the buffer in pieces, so the writer's
 * off-heap memory stays fixed whatever the message sizes.
 */
final class FrameWriter {
  private final SocketChannel channel;
  private final Runnable awaitWritable;
  private final java.util.function.Consumer<Throwable> onFailure;
  private final FrameQueue queue = new FrameQueue();
  /** Bytes of frames queued and not yet encoded: what a peer that stops reading makes this side hold. */
  private final AtomicLong queuedBytes = new AtomicLong();
  private volatile long queuedLimit = Long.MAX_VALUE;
  private volatile Runnable belowLimit = () -> { };
  private final AtomicBoolean draining = new AtomicBoolean();
  private final ByteBuffer out;

  private OutboundFrame carried;
  private ByteBuffer large;

  private volatile boolean waitingForSocket;
  private volatile boolean corked;
  private volatile Throwable closedBy;

  /**
   * @param awaitWritable asks the I/O loop to call {@link #onWritable()} once the socket can take more bytes
   */
  FrameWriter(SocketChannel channel, int bufferSize, Runnable awaitWritable,
      java.util.function.Consumer<Throwable> onFailure) {
    this.channel = channel;
    this.awaitWritable = awaitWritable;
    this.onFailure = onFailure;
    this.out = ByteBuffer.allocateDirect(bufferSize);
  }

  /** Queues a frame and writes it unless another thread is writing (which then writes it too). */
  void send(OutboundFrame frame) {
    Throwable cause = closedBy;
    if (cause != null) {
      frame.dropped(cause);
      return;
    }
    int size = frame.queuedSize();
    if (size > 0) {
      frame.counted = size;
      queuedBytes.addAndGet(size);
    }
    queue.offer(frame);
    if ((!waitingForSocket && !corked) || closedBy != null) {
      flush();
    }
  }

  /**
   * Holds frames back while the I/O thread works through what it just read, so that the answers to a batch of
   * requests leave in one write. Only the I/O thread corks.
   */
  void cork() {
    corked = true;
  }

  /** Writes what was held back by {@link #cork()}. */
  void uncork() {
    corked = false;
    if (!queue.isEmpty() && !waitingForSocket) {
      flush();
    }
  }

  /** Bytes of queued frames not yet encoded (as each frame's {@link OutboundFrame#queuedSize()} counts them). */
  long queuedBytes() {
    return queuedBytes.get();
  }

  /** Calls {@code belowLimit} whenever the queued bytes fall from above {@code limit} to at most it. */
  void onQueuedBelow(long limit, Runnable belowLimit) {
    this.belowLimit = belowLimit;
    this.queuedLimit = limit;
  }

  /** The socket drained: go on writing. Called by the I/O loop. */
  void onWritable() {
    waitingForSocket = false;
    flush();
  }

  /** Stops writing; frames still queued or added later are dropped with {@code cause}. */
  void close(Throwable cause) {
    closedBy = cause;
    waitingForSocket = false;
    flush();
  }

  /**
   * Nothing queued and nothing buffered. Looks while holding the drain token: a writer mid-drain has frames neither
   * in the queue nor visibly in the buffer (it is flipped to position 0 while being written), and a graceful
   * shutdown that believed it idle would close the socket under that write.
   */
  boolean isIdle() {
    if (!draining.compareAndSet(false, true)) {
      return false;
    }
    boolean idle;
    try {
      idle = queue.isEmpty() && carried == null && large == null && out.position() == 0;
    } finally {
      draining.set(false);
    }
    // A send() that found the token taken by this look left its frame for the token's holder to write.
    if (!queue.isEmpty() && ((!waitingForSocket && !corked) || closedBy != null)) {
      flush();
    }
    return idle;
  }

  private void flush() {
    do {
      if (!draining.compareAndSet(false, true)) {
        return;
      }
      boolean blocked;
      Throwable failed = null;
      try {
        blocked = closedBy != null ? dropAll() : drain();
      } catch (IOException | RuntimeException e) {
        closedBy = e;
        failed = e;
        dropAll();
        blocked = false;
      } finally {
        draining.set(false);
      }
      if (failed != null) {
        // A socket that cannot be written is a dead connection: end it, so the calls waiting on it fail now.
        onFailure.accept(failed);
        return;
      }
      if (blocked) {
        waitingForSocket = true;
        awaitWritable.run();
        return;
      }
    } while (!queue.isEmpty());
  }

  /** Encodes and writes until the queue is empty (false) or the socket is full (true). */
  private boolean drain() throws IOException {
    while (true) {
      if (out.position() == 0) {
        if (large != null) {
          moveLargePiece();
        } else {
          fill();
        }
      }
      if (out.position() == 0) {
        return false;
      }
      out.flip();
      while (out.hasRemaining() && channel.write(out) > 0) {
        // Keep writing while the socket takes bytes.
      }
      boolean blocked = out.hasRemaining();
      out.compact();
      if (blocked) {
        return true;
      }
    }
  }

  /** Encodes queued frames into the buffer while they fit. */
  private void fill() throws IOException {
    while (true) {
      OutboundFrame frame = carried;
      if (frame != null) {
        carried = null;
      } else {
        frame = queue.poll();
        if (frame == null) {
          return;
        }
        uncount(frame);
        if (!frame.beforeWrite()) {
          continue;
        }
      }
      int payload = frame.payloadLength();
      int total = Frames.HEADER_LENGTH + payload;
      if (out.remaining() < total) {
        if (out.position() == 0) {
          encodeLarge(frame, payload);
        } else {
          carried = frame;
        }
        return;
      }
      int start = out.position();
      putHeader(out, payload, frame.streamId(), frame.type(), frame.flags());
      try {
        frame.writePayload(out);
      } catch (IOException | RuntimeException e) {
        out.position(start);
        frame.dropped(e);
      }
    }
  }

  private void encodeLarge(OutboundFrame frame, int payload) {
    ByteBuffer heap = ByteBuffer.allocate(Frames.HEADER_LENGTH + payload);
    putHeader(heap, payload, frame.streamId(), frame.type(), frame.flags());
    try {
      frame.writePayload(heap);
    } catch (IOException | RuntimeException e) {
      frame.dropped(e);
      return;
    }
    heap.flip();
    large = heap;
    moveLargePiece();
  }

  private void moveLargePiece() {
    int n = Math.min(out.remaining(), large.remaining());
    int limit = large.limit();
    large.limit(large.position() + n);
    out.put(large);
    large.limit(limit);
    if (!large.hasRemaining()) {
      large = null;
    }
  }

  private boolean dropAll() {
    Throwable cause = closedBy;
    if (carried != null) {
      carried.dropped(cause);
      carried = null;
    }
    OutboundFrame frame;
    while ((frame = queue.poll()) != null) {
      uncount(frame);
      frame.dropped(cause);
    }
    large = null;
    out.clear();
    return false;
  }

  /** The frame left the queue: its bytes now live in the output buffer (at most its size) or nowhere. */
  private void uncount(OutboundFrame frame) {
    int size = frame.counted;
    if (size > 0) {
      long limit = queuedLimit;
      long after = queuedBytes.addAndGet(-size);
      if (after <= limit && after + size > limit) {
        belowLimit.run();
      }
    }
  }

  static void putHeader(ByteBuffer b, int length, int streamId, int type, int flags) {
    b.putInt(length);
    b.putInt(streamId);
    b.put((byte) type);
    b.put((byte) flags);
  }
}
