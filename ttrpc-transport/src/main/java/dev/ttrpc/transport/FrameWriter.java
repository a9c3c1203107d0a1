package dev.ttrpc.transport;

import dev.ttrpc.codec.Frames;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes queued frames to a non-blocking socket. Whoever queues a frame tries to drain the queue itself, so a
 * lone caller writes its own frame with no thread hand-off, and callers that arrive together share one write. When
 * the socket is full the writer hands the rest to the connection's I/O loop and returns: no caller ever blocks in a
 * socket write, so a caller's deadline covers queueing and writing.
 */
final class FrameWriter {
  private final SocketChannel channel;
  private final Runnable awaitWritable;
  private final FrameQueue queue = new FrameQueue();
  private final AtomicBoolean draining = new AtomicBoolean();
  private final int initialCapacity;

  private byte[] buf;
  private ByteBuffer view;
  private int pending;
  private OutboundFrame carried;

  private volatile boolean waitingForSocket;
  private volatile Throwable closedBy;

  /**
   * @param awaitWritable asks the I/O loop to call {@link #onWritable()} once the socket can take more bytes
   */
  FrameWriter(SocketChannel channel, int initialCapacity, Runnable awaitWritable) {
    this.channel = channel;
    this.awaitWritable = awaitWritable;
    this.initialCapacity = initialCapacity;
    this.buf = new byte[initialCapacity];
    this.view = ByteBuffer.wrap(buf);
  }

  /** Queues a frame and writes it unless another thread is writing (which then writes it too). */
  void send(OutboundFrame frame) {
    Throwable cause = closedBy;
    if (cause != null) {
      frame.dropped(cause);
      return;
    }
    queue.offer(frame);
    if (!waitingForSocket || closedBy != null) {
      flush();
    }
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

  /** Nothing queued and nothing buffered. */
  boolean isIdle() {
    return queue.isEmpty() && pending == 0 && carried == null;
  }

  private void flush() {
    do {
      if (!draining.compareAndSet(false, true)) {
        return;
      }
      boolean blocked;
      try {
        blocked = closedBy != null ? dropAll() : drain();
      } catch (IOException | RuntimeException e) {
        closedBy = e;
        dropAll();
        blocked = false;
      } finally {
        draining.set(false);
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
      fill();
      if (pending == 0) {
        return false;
      }
      view.limit(pending).position(0);
      while (view.hasRemaining()) {
        if (channel.write(view) == 0) {
          break;
        }
      }
      int left = view.remaining();
      if (left > 0) {
        System.arraycopy(buf, view.position(), buf, 0, left);
        pending = left;
        return true;
      }
      pending = 0;
      if (carried == null && queue.isEmpty()) {
        return false;
      }
    }
  }

  /** Encodes queued frames into the buffer while they fit. */
  private void fill() {
    while (true) {
      OutboundFrame frame = carried;
      if (frame != null) {
        carried = null;
      } else {
        frame = queue.poll();
        if (frame == null) {
          return;
        }
        if (!frame.beforeWrite()) {
          continue;
        }
      }
      int payload = frame.payloadLength();
      int total = Frames.HEADER_LENGTH + payload;
      if (buf.length - pending < total) {
        if (pending > 0) {
          carried = frame;
          return;
        }
        buf = new byte[Math.max(total, initialCapacity)];
        view = ByteBuffer.wrap(buf);
      }
      try {
        frame.writePayload(buf, pending + Frames.HEADER_LENGTH);
      } catch (IOException | RuntimeException e) {
        frame.dropped(e);
        continue;
      }
      putHeader(buf, pending, payload, frame.streamId(), frame.type(), frame.flags());
      pending += total;
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
      frame.dropped(cause);
    }
    pending = 0;
    return false;
  }

  static void putHeader(byte[] b, int p, int length, int streamId, int type, int flags) {
    b[p] = (byte) (length >>> 24);
    b[p + 1] = (byte) (length >>> 16);
    b[p + 2] = (byte) (length >>> 8);
    b[p + 3] = (byte) length;
    b[p + 4] = (byte) (streamId >>> 24);
    b[p + 5] = (byte) (streamId >>> 16);
    b[p + 6] = (byte) (streamId >>> 8);
    b[p + 7] = (byte) streamId;
    b[p + 8] = (byte) type;
    b[p + 9] = (byte) flags;
  }
}
