package dev.ttrpc.fuzz;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The test's own reading of a byte stream as frames, independent of the code under test: the headers it holds, and
 * how many bytes the last, unfinished frame still needs. It tells a fuzz case which streams may be answered and
 * whether the connection is at a frame boundary.
 */
record WireModel(List<Header> headers, long bytesToBoundary) {
  /** One frame header seen on the wire; {@code length} is the declared payload length. */
  record Header(long length, int streamId, int type, int flags) {}

  static WireModel of(byte[] bytes) {
    List<Header> headers = new ArrayList<>();
    ByteBuffer in = ByteBuffer.wrap(bytes);
    while (true) {
      if (in.remaining() < 10) {
        return new WireModel(headers, in.remaining() == 0 ? 0 : 10 - in.remaining());
      }
      long length = in.getInt() & 0xffffffffL;
      Header h = new Header(length, in.getInt(), in.get() & 0xff, in.get() & 0xff);
      headers.add(h);
      if (in.remaining() < length) {
        return new WireModel(headers, length - in.remaining());
      }
      in.position(in.position() + (int) length);
    }
  }

  /** Whether a stream id appeared in any header (only those streams may be answered). */
  boolean mentions(int streamId) {
    return headers.stream().anyMatch(h -> h.streamId() == streamId);
  }

  /**
   * The stream id a fresh call can use after these frames: above every odd Request id, as a server takes only
   * increasing ids, and used by no frame at all, so that its answer cannot be confused with another; -1 when none
   * is left (the fuzz used the top of the id space).
   */
  long nextRequestId() {
    long max = -1;
    for (Header h : headers) {
      long id = Integer.toUnsignedLong(h.streamId());
      if (h.type() == 1 && (id & 1) == 1) {
        max = Math.max(max, id);
      }
    }
    long next = max < 0 ? 1 : max + 2;
    while (next <= 0xffffffffL && mentions((int) next)) {
      next += 2;
    }
    return next > 0xffffffffL ? -1 : next;
  }
}
