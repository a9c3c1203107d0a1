package dev.ttrpc.codec;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Cuts a byte stream into frames. Single-threaded: the connection's reader calls {@link #readTarget()}, reads into
 * it, then {@link #process}. Small frames are handed out as views of one reusable buffer (no copy, no allocation);
 * a frame larger than that buffer gets an array of its own, grown as its bytes arrive so that a length field alone
 * never makes the decoder allocate much; a frame over the limit is skipped, never buffered.
 */
public final class FrameDecoder {
  private final int maxPayload;
  private final ByteBuffer buffer;

  private byte[] large;
  private ByteBuffer largeView;
  private int largeLength;
  private int largeStream;
  private int largeType;
  private int largeFlags;

  private long discardRemaining;

  /**
   * @param maxPayload the largest payload accepted
   * @param bufferSize the reusable read buffer; frames up to {@code bufferSize - 10} need no allocation
   */
  public FrameDecoder(int maxPayload, int bufferSize) {
    if (maxPayload < 0) {
      throw new IllegalArgumentException("maxPayload must be >= 0, got " + maxPayload);
    }
    if (bufferSize < 2 * Frames.HEADER_LENGTH) {
      throw new IllegalArgumentException("bufferSize must be >= 20, got " + bufferSize);
    }
    this.maxPayload = maxPayload;
    this.buffer = ByteBuffer.allocate(bufferSize);
  }

  /** The buffer the next read must fill. */
  public ByteBuffer readTarget() {
    return large != null ? largeView : buffer;
  }

  /** True when bytes of an unfinished frame are buffered (a clean end of stream has none). */
  public boolean hasPartialFrame() {
    return large != null || buffer.position() > 0 || discardRemaining > 0;
  }

  /**
   * Bytes of frame data this decoder holds now: the reusable buffer plus a large frame's own array. It never exceeds
   * {@code bufferSize + maxPayload}, whatever length fields arrive (for tests and metrics).
   */
  public long retainedBytes() {
    return buffer.capacity() + (large == null ? 0L : large.length);
  }

  /**
   * Takes every byte of {@code src} (typically the direct buffer the socket was read into) and delivers each frame
   * as it completes.
   */
  public void feed(ByteBuffer src, FrameSink sink) {
    while (src.hasRemaining()) {
      ByteBuffer target = readTarget();
      int n = Math.min(src.remaining(), target.remaining());
      if (n == 0) {
        throw new IllegalStateException("frame decoder has no room for input");
      }
      int limit = src.limit();
      src.limit(src.position() + n);
      target.put(src);
      src.limit(limit);
      process(sink);
    }
  }

  /** Delivers every complete frame read so far. */
  public void process(FrameSink sink) {
    if (large != null) {
      continueLarge(sink);
      return;
    }
    buffer.flip();
    byte[] array = buffer.array();
    while (true) {
      if (discardRemaining > 0) {
        int skip = (int) Math.min(discardRemaining, buffer.remaining());
        buffer.position(buffer.position() + skip);
        discardRemaining -= skip;
        if (discardRemaining > 0) {
          break;
        }
      }
      int remaining = buffer.remaining();
      if (remaining < Frames.HEADER_LENGTH) {
        break;
      }
      int p = buffer.position();
      long length = readU32(array, p);
      int streamId = readI32(array, p + 4);
      int type = array[p + 8] & 0xff;
      int flags = array[p + 9] & 0xff;
      if (length > maxPayload) {
        buffer.position(p + Frames.HEADER_LENGTH);
        discardRemaining = length;
        sink.onOversizedFrame(streamId, type, flags, length, maxPayload);
        continue;
      }
      int len = (int) length;
      if (remaining - Frames.HEADER_LENGTH >= len) {
        buffer.position(p + Frames.HEADER_LENGTH + len);
        sink.onFrame(streamId, type, flags, array, p + Frames.HEADER_LENGTH, len, false);
        continue;
      }
      if (len + Frames.HEADER_LENGTH > buffer.capacity()) {
        startLarge(streamId, type, flags, len, array, p + Frames.HEADER_LENGTH, remaining - Frames.HEADER_LENGTH);
        buffer.clear();
        return;
      }
      break;
    }
    buffer.compact();
  }

  private void startLarge(int streamId, int type, int flags, int length, byte[] src, int from, int have) {
    largeStream = streamId;
    largeType = type;
    largeFlags = flags;
    largeLength = length;
    // Start at twice the read buffer, not at the declared length: memory follows the bytes that really arrive.
    large = new byte[Math.min(length, Math.max(2 * buffer.capacity(), have))];
    System.arraycopy(src, from, large, 0, have);
    largeView = ByteBuffer.wrap(large);
    largeView.position(have);
  }

  private void continueLarge(FrameSink sink) {
    if (largeView.hasRemaining()) {
      return;
    }
    int have = largeView.position();
    if (have < largeLength) {
      // Grows by doubling, so that memory stays within twice what the peer really sent: a length field alone
      // never buys a large array.
      large = Arrays.copyOf(large, (int) Math.min(largeLength, 2L * large.length));
      largeView = ByteBuffer.wrap(large);
      largeView.position(have);
      return;
    }
    byte[] frame = large;
    large = null;
    largeView = null;
    sink.onFrame(largeStream, largeType, largeFlags, frame, 0, largeLength, true);
  }

  static long readU32(byte[] a, int p) {
    return readI32(a, p) & 0xffffffffL;
  }

  static int readI32(byte[] a, int p) {
    return ((a[p] & 0xff) << 24) | ((a[p + 1] & 0xff) << 16) | ((a[p + 2] & 0xff) << 8) | (a[p + 3] & 0xff);
  }
}
