package dev.ttrpc.transport;

import dev.ttrpc.codec.FrameDecoder;
import dev.ttrpc.codec.FrameSink;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One TTRPC connection: an I/O thread that reads and decodes frames for a {@link Handler}, and a writer that any
 * thread can queue frames on. Client and server both sit on it; it knows frames, not calls.
 */
public final class Connection {
  /** Receives a connection's frames and its end, on the connection's I/O thread. */
  public interface Handler extends FrameSink {
    /** The connection ended: {@code cause} is null for a clean end of stream. Called once. */
    void onClosed(Throwable cause);
  }

  /** Size of the reusable read buffer and initial write buffer. */
  public static final int BUFFER_SIZE = 64 * 1024;
  /**
   * How long the reader goes on after this side stopped writing (a failed write, or {@link #shutdownOutput()}),
   * waiting for the peer's end of stream.
   */
  static final long LINGER_MILLIS = 1000;

  private final SocketChannel channel;
  private final Selector selector;
  private final SelectionKey key;
  private final FrameDecoder decoder;
  private final ByteBuffer input = ByteBuffer.allocateDirect(BUFFER_SIZE);
  private final FrameWriter writer;
  private final String name;
  private final AtomicBoolean wantWrite = new AtomicBoolean();
  private final AtomicReference<Throwable> closeCause = new AtomicReference<>();
  private volatile boolean closing;
  /** Why the socket can no longer be written; the reader still takes what the peer sent before it went away. */
  private volatile Throwable writeFailure;
  /** This side half-closed: what the peer still sends is read and dropped until it closes too. */
  private volatile boolean outputShut;
  private volatile boolean readPaused;
  private boolean peerHungUp;
  private Handler handler;

  /**
   * Takes over a connected channel (it is switched to non-blocking mode).
   *
   * @param maxMessageSize the largest payload this side accepts
   */
  public Connection(SocketChannel channel, int maxMessageSize, String name) throws IOException {
    this.channel = channel;
    this.name = name;
    channel.configureBlocking(false);
    this.selector = channel.provider().openSelector();
    this.key = channel.register(selector, SelectionKey.OP_READ);
    this.decoder = new FrameDecoder(maxMessageSize, BUFFER_SIZE);
    this.writer = new FrameWriter(channel, BUFFER_SIZE, this::awaitWritable, this::writeFailed);
  }

  /** Starts reading; frames go to {@code handler}. */
  public void start(Handler handler, ThreadFactory threads) {
    this.handler = handler;
    Thread t = threads.newThread(this::run);
    t.setName(name);
    t.setDaemon(true);
    t.start();
  }

  /** Queues a frame; never blocks on the socket. A frame queued after close is {@link OutboundFrame#dropped}. */
  public void send(OutboundFrame frame) {
    writer.send(frame);
  }

  /** Closes the connection; the handler's {@link Handler#onClosed} follows on the I/O thread. Idempotent. */
  public void close(Throwable cause) {
    Throwable c = cause != null ? cause : new ClosedChannelException();
    if (!closeCause.compareAndSet(null, c)) {
      return;
    }
    closing = true;
    writer.close(c);
    try {
      channel.close();
    } catch (IOException ignored) {
      // Closing is best effort; the I/O thread ends either way.
    }
    selector.wakeup();
  }

  /** Whether frames can still be sent: false once closed, and once a write has failed. */
  public boolean isOpen() {
    return !closing && writeFailure == null && !outputShut;
  }

  /**
   * Closes gracefully: sends what is queued, then an end of stream, and closes once the peer closes too (or after
   * {@link #LINGER_MILLIS}). Closing at once instead would discard what the peer sent meanwhile, and the kernel
   * answers that with a reset that can make the peer lose answers it has not read yet.
   */
  public void shutdownOutput() {
    if (closing || outputShut) {
      return;
    }
    outputShut = true;
    writer.close(new ClosedChannelException());
    try {
      channel.shutdownOutput();
    } catch (IOException | RuntimeException e) {
      close(e);
      return;
    }
    selector.wakeup();
  }

  /**
   * Stops reading until {@link #resumeReading()}: the peer's further frames wait in the socket, which pushes back on
   * it. Called on the I/O thread, from the handler.
   */
  public void pauseReading() {
    readPaused = true;
  }

  /** Whether reading is paused by {@link #pauseReading()}. */
  public boolean isReadingPaused() {
    return readPaused;
  }

  /** Reads again after {@link #pauseReading()}; any thread. */
  public void resumeReading() {
    if (readPaused) {
      readPaused = false;
      selector.wakeup();
    }
  }

  /** Bytes of frames queued and not yet written out (see {@link OutboundFrame#queuedSize()}). */
  public long queuedBytes() {
    return writer.queuedBytes();
  }

  /**
   * Calls {@code belowLimit} (on a writing thread: it must not block) whenever {@link #queuedBytes()} falls from
   * above {@code limit} to at most it, so that a producer stopped at the limit can go on.
   */
  public void onQueuedBelow(long limit, Runnable belowLimit) {
    writer.onQueuedBelow(limit, belowLimit);
  }

  /** No frame is queued or partly written. */
  public boolean isWriteIdle() {
    return writer.isIdle();
  }

  public String name() {
    return name;
  }

  /** The underlying channel, e.g. to read peer credentials. */
  public SocketChannel channel() {
    return channel;
  }

  /**
   * A write failed: usually the peer closed. Answers it wrote before closing may still wait unread in our socket, so
   * instead of closing at once this half-closes and lets the I/O loop read until the end of the stream (for at most
   * {@link #LINGER_MILLIS}); only then do the remaining calls fail.
   */
  private void writeFailed(Throwable cause) {
    if (writeFailure != null || closing) {
      return;
    }
    writeFailure = cause;
    try {
      channel.shutdownOutput();
    } catch (IOException | RuntimeException ignored) {
      // The peer is gone either way; the read side finds out.
    }
    selector.wakeup();
  }

  private void awaitWritable() {
    if (wantWrite.compareAndSet(false, true)) {
      selector.wakeup();
    }
  }

  private void run() {
    Throwable cause = null;
    long readUntil = 0;
    try {
      while (!closing) {
        if (writeFailure != null || outputShut) {
          // Read to the peer's end of stream, but never wait long on a peer that neither reads nor closes.
          if (readUntil == 0) {
            readUntil = System.nanoTime() + LINGER_MILLIS * 1_000_000L;
            readPaused = false;
          } else if (System.nanoTime() - readUntil >= 0) {
            break;
          }
        }
        if (readPaused && !peerHungUp) {
          awaitEvents(false);
          continue;
        }
        input.clear();
        int n = channel.read(input);
        if (n < 0) {
          cause = decoder.hasPartialFrame() ? new EOFException("peer closed the connection mid-frame") : null;
          break;
        }
        if (n > 0 && outputShut) {
          // Nothing read now can be answered: drop it and wait for the peer's end of stream.
          continue;
        }
        if (n > 0) {
          input.flip();
          writer.cork();
          try {
            decoder.feed(input, handler);
          } finally {
            writer.uncork();
          }
          if (n == input.capacity() || peerHungUp) {
            continue;
          }
        } else if (peerHungUp) {
          // Hung up with nothing left to read: the end of the stream, whatever read says.
          cause = decoder.hasPartialFrame() ? new EOFException("peer closed the connection mid-frame") : null;
          break;
        }
        awaitEvents(true);
      }
    } catch (Throwable t) {
      cause = t;
    }
    Throwable first = closeCause.get();
    if (first == null && writeFailure != null) {
      first = writeFailure;
    }
    close(cause != null ? cause : new EOFException("connection closed by peer"));
    try {
      selector.close();
    } catch (IOException ignored) {
      // Nothing left to release.
    }
    handler.onClosed(first != null ? first : cause);
  }

  private void awaitEvents(boolean read) throws IOException {
    boolean writeBlocked = wantWrite.get();
    int ops = (read ? SelectionKey.OP_READ : 0) | (writeBlocked ? SelectionKey.OP_WRITE : 0);
    if (key.isValid() && key.interestOps() != ops) {
      key.interestOps(ops);
    }
    try {
      if (writeFailure != null || outputShut) {
        selector.select(LINGER_MILLIS);
      } else {
        selector.select();
      }
    } catch (java.net.SocketException e) {
      // junixsocket reports a poll interrupted by a signal (EINTR) as an exception; the JDK retries it.
      if (e.getMessage() != null && e.getMessage().contains("Interrupted system call")) {
        return;
      }
      throw e;
    }
    // readyOps keeps its last value when a wakeup, not the socket, ended the select: only trust a selected key.
    boolean selected = !selector.selectedKeys().isEmpty();
    selector.selectedKeys().clear();
    if (!key.isValid() && !closing) {
      // junixsocket cancels the key of a socket the peer hung up on, and would leave it out of every later select:
      // from here on the loop reads until the end of the stream instead of waiting.
      peerHungUp = true;
      return;
    }
    if (writeBlocked && selected && key.isValid() && key.isWritable()) {
      wantWrite.set(false);
      writer.onWritable();
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
