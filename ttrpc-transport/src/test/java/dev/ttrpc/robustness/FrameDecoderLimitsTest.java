package dev.ttrpc.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ttrpc.codec.FrameDecoder;
import dev.ttrpc.codec.FrameSink;
import dev.ttrpc.codec.Frames;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The frame reader's memory rules, shared by client and server: a length field is checked before anything is
 * allocated for it, memory follows the bytes that really arrive, and an oversized frame is skipped, never buffered.
 */
class FrameDecoderLimitsTest {
  static final int BUFFER = 64 * 1024;
  static final int MAX = Frames.DEFAULT_MAX_MESSAGE_SIZE;

  record Delivered(int streamId, int type, int flags, byte[] payload, boolean owned) {}

  static final class Sink implements FrameSink {
    final List<Delivered> frames = new ArrayList<>();
    final List<long[]> oversized = new ArrayList<>();

    @Override
    public void onFrame(int streamId, int type, int flags, byte[] payload, int offset, int length, boolean owned) {
      frames.add(new Delivered(streamId, type, flags, Arrays.copyOfRange(payload, offset, offset + length), owned));
    }

    @Override
    public void onOversizedFrame(int streamId, int type, int flags, long length, int limit) {
      oversized.add(new long[] {streamId, type, flags, length, limit});
    }
  }

  static byte[] header(long length, int streamId, int type, int flags) {
    return ByteBuffer.allocate(10).putInt((int) length).putInt(streamId).put((byte) type).put((byte) flags).array();
  }

  /** Feeds bytes as a connection would, never more than the decoder offers room for. */
  static void feed(FrameDecoder d, Sink sink, byte[] data) {
    int pos = 0;
    while (pos < data.length) {
      ByteBuffer target = d.readTarget();
      int n = Math.min(target.remaining(), data.length - pos);
      assertThat(n).isPositive();
      target.put(data, pos, n);
      pos += n;
      d.process(sink);
    }
  }

  @ParameterizedTest(name = "length {0}")
  @ValueSource(longs = {0xFFFFFFFFL, 0x80000000L, MAX + 1L})
  void oversizedLengthIsReportedAtOnceAndNeverBuffered(long length) {
    FrameDecoder d = new FrameDecoder(MAX, BUFFER);
    ByteBuffer before = d.readTarget();
    Sink sink = new Sink();
    feed(d, sink, header(length, 1, 1, 0));
    assertThat(sink.oversized).hasSize(1);
    assertThat(sink.oversized.get(0)).containsExactly(1, 1, 0, length, MAX);
    // Nothing was allocated for the payload: reads still go to the same reusable buffer.
    assertThat(d.readTarget()).isSameAs(before);
    assertThat(d.readTarget().capacity()).isEqualTo(BUFFER);
    assertThat(d.hasPartialFrame()).as("skipping the declared payload").isTrue();
    // A megabyte of the skipped payload arrives: still no frame, no new buffer.
    feed(d, sink, new byte[1 << 20]);
    assertThat(d.readTarget()).isSameAs(before);
    assertThat(sink.frames).isEmpty();
    assertThat(sink.oversized).hasSize(1);
  }

  @Test
  void aFrameAfterASkippedOneIsDelivered() {
    FrameDecoder d = new FrameDecoder(1000, BUFFER);
    Sink sink = new Sink();
    byte[] skipped = new byte[1001];
    Arrays.fill(skipped, (byte) 0x11);
    ByteBuffer data = ByteBuffer.allocate(10 + 1001 + 10 + 3);
    data.put(header(1001, 1, 1, 0)).put(skipped).put(header(3, 3, 1, 0)).put(new byte[] {7, 8, 9});
    feed(d, sink, data.array());
    assertThat(sink.oversized).hasSize(1);
    assertThat(sink.frames).hasSize(1);
    assertThat(sink.frames.get(0).streamId()).isEqualTo(3);
    assertThat(sink.frames.get(0).payload()).containsExactly(7, 8, 9);
    assertThat(d.hasPartialFrame()).isFalse();
  }

  @Test
  void aLargeLegalLengthCostsOnlyWhatArrives() {
    FrameDecoder d = new FrameDecoder(MAX, BUFFER);
    Sink sink = new Sink();
    // A peer announces the maximum and sends 100 bytes of it.
    byte[] start = new byte[110];
    System.arraycopy(header(MAX, 1, 1, 0), 0, start, 0, 10);
    feed(d, sink, start);
    assertThat(sink.frames).isEmpty();
    assertThat(d.readTarget().capacity()).as("memory follows the bytes, not the length field")
        .isLessThanOrEqualTo(2 * BUFFER);
    assertThat(d.hasPartialFrame()).isTrue();
  }

  @Test
  void aFrameOfExactlyTheLimitIsDeliveredWhole() {
    FrameDecoder d = new FrameDecoder(MAX, BUFFER);
    Sink sink = new Sink();
    byte[] payload = new byte[MAX];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) (i * 13);
    }
    ByteBuffer data = ByteBuffer.allocate(10 + MAX + 10);
    data.put(header(MAX, 5, 3, 0)).put(payload).put(header(0, 5, 3, 5));
    feed(d, sink, data.array());
    assertThat(sink.oversized).isEmpty();
    assertThat(sink.frames).hasSize(2);
    Delivered big = sink.frames.get(0);
    assertThat(big.streamId()).isEqualTo(5);
    assertThat(big.owned()).isTrue();
    assertThat(Arrays.equals(big.payload(), payload)).isTrue();
    assertThat(sink.frames.get(1).flags()).isEqualTo(5);
    assertThat(sink.frames.get(1).payload()).isEmpty();
    assertThat(d.readTarget().capacity()).as("back to the small buffer").isEqualTo(BUFFER);
  }
}
