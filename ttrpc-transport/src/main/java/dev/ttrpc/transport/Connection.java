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
    this.writer = new FrameWriter(channel, BUFFER_SIZE, this::awaitWritable, this::close);
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

  public boolean isOpen() {
    return !closing;
  }

  /**
   * Stops reading until {@link #resumeReading()}: the peer's further frames wait in the socket, which pushes back on
   * it. Called on the I/O thread, from the handler.
   */
  public void pauseReading() {
    readPaused = true;
  }

  /** Reads again after {@link #pauseReading()}; any thread. */
  public void resumeReading() {
    if (readPaused) {
      readPaused = false;
      selector.wakeup();
    }
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

  private void awaitWritable() {
    if (wantWrite.compareAndSet(false, true)) {
      selector.wakeup();
    }
  }

  private void run() {
    Throwable cause = null;
    try {
      while (!closing) {
        if (readPaused) {
          awaitEvents(false);
          continue;
        }
        input.clear();
        int n = channel.read(input);
        if (n < 0) {
          cause = decoder.hasPartialFrame() ? new EOFException("peer closed the connection mid-frame") : null;
          break;
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
      selector.select();
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
