package dev.ttrpc.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ttrpc.codec.FrameDecoder;
import dev.ttrpc.codec.FrameSink;
import dev.ttrpc.golden.GoldenFrames.Dir;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The frame decoder both the server and the client read with, fed any bytes in any chunking. Against the test's own
 * reading of the bytes ({@link WireModel}) it must deliver exactly the frames that are complete and within the limit,
 * report each frame over the limit once, throw nothing, and never hold more than its buffer plus one maximal
 * payload, whatever the declared lengths.
 */
class FrameDecoderFuzzTest {
  static final int MAX = 4096;
  /** Smaller than MAX, so that frames between the two take the decoder's large-frame path. */
  static final int BUFFER = 1024;

  /** What the decoder reported, in a comparable form. */
  record Event(String kind, int streamId, int type, int flags, long length, String payload) {}

  static final class Recorder implements FrameSink {
    final List<Event> events = new ArrayList<>();

    @Override
    public void onFrame(int streamId, int type, int flags, byte[] payload, int offset, int length, boolean owned) {
      events.add(new Event("frame", streamId, type, flags, length,
          Arrays.toString(Arrays.copyOfRange(payload, offset, offset + length))));
    }

    @Override
    public void onOversizedFrame(int streamId, int type, int flags, long length, int limit) {
      assertThat(limit).isEqualTo(MAX);
      events.add(new Event("oversized", streamId, type, flags, length, ""));
    }
  }

  static final int TRIES = 4000;

  @Test
  void anyBytesInAnyChunkingDecodeAsTheWireSaysWithinBoundedMemory() {
    SeededFuzz.run(getClass(), "anyBytesInAnyChunkingDecodeAsTheWireSaysWithinBoundedMemory", TRIES,
        c -> decodesAsTheWireSays(streams(c), c.random().nextLong()));
  }

  private static void decodesAsTheWireSays(byte[] bytes, long chunkSeed) {
    FrameDecoder decoder = new FrameDecoder(MAX, BUFFER);
    Recorder sink = new Recorder();
    Random chunks = new Random(chunkSeed);
    int at = 0;
    long mostHeld = decoder.retainedBytes();
    while (at < bytes.length) {
      int n = Math.min(bytes.length - at, 1 + chunks.nextInt(chunks.nextBoolean() ? 16 : 3 * BUFFER));
      decoder.feed(ByteBuffer.wrap(bytes, at, n), sink);
      at += n;
      mostHeld = Math.max(mostHeld, decoder.retainedBytes());
    }
    assertThat(mostHeld).as("bytes held by the decoder").isLessThanOrEqualTo(BUFFER + MAX);
    assertThat(sink.events).isEqualTo(expectedEvents(bytes));
    assertThat(decoder.hasPartialFrame()).as("an unfinished frame is buffered")
        .isEqualTo(WireModel.of(bytes).bytesToBoundary() > 0);
  }

  /** The test's own reading: frames within the limit once complete, frames over it as soon as their header is. */
  static List<Event> expectedEvents(byte[] bytes) {
    List<Event> events = new ArrayList<>();
    ByteBuffer in = ByteBuffer.wrap(bytes);
    while (in.remaining() >= 10) {
      long length = in.getInt() & 0xffffffffL;
      int streamId = in.getInt();
      int type = in.get() & 0xff;
      int flags = in.get() & 0xff;
      if (length > MAX) {
        events.add(new Event("oversized", streamId, type, flags, length, ""));
        if (in.remaining() < length) {
          break;
        }
        in.position(in.position() + (int) length);
        continue;
      }
      if (in.remaining() < length) {
        break;
      }
      byte[] payload = new byte[(int) length];
      in.get(payload);
      events.add(new Event("frame", streamId, type, flags, length, Arrays.toString(payload)));
    }
    return events;
  }

  /** The case's byte stream, from one of the generators below, declared as the case's input. */
  static byte[] streams(FuzzCase c) {
    Draws.Drawn<byte[]> drawn = Draws.weighted(c.random(),
        new Draws.Choice<>(2, "random bytes", r -> Draws.bytes(r, 400)),
        new Draws.Choice<>(3, "mutated golden frames", r -> mutatedGolden(r.nextLong())),
        new Draws.Choice<>(3, "boundary lengths", r -> boundaryFrames(r.nextLong())),
        new Draws.Choice<>(2, "valid frames", r -> validFrames(r.nextLong())));
    c.note(drawn.name());
    return c.input(drawn.value());
  }

  static byte[] mutatedGolden(long seed) {
    return new Mutator(seed, MAX)
        .mutatedGolden(seed % 2 == 0 ? Dir.CLIENT_TO_SERVER : Dir.SERVER_TO_CLIENT, (int) (seed >>> 60));
  }

  /** Headers declaring each boundary length, followed by some of their payload (all of it when it is small). */
  static byte[] boundaryFrames(long seed) {
    Random r = new Random(seed);
    long[] lengths = Mutator.boundaryLengths(MAX);
    List<byte[]> parts = new ArrayList<>();
    for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
      long length = lengths[r.nextInt(lengths.length)];
      parts.add(Mutator.header(length, r.nextInt(), r.nextInt(256), r.nextInt(256)));
      long send = r.nextInt(4) == 0 ? r.nextInt((int) Math.min(length, 3L * MAX) + 1)
          : Math.min(length, 3L * MAX);
      byte[] payload = new byte[(int) send];
      r.nextBytes(payload);
      parts.add(payload);
    }
    return Mutator.concat(parts.toArray(byte[][]::new));
  }

  /** Well-formed frames of any size up to the limit (the large-frame path included), back to back. */
  static byte[] validFrames(long seed) {
    Random r = new Random(seed);
    List<byte[]> parts = new ArrayList<>();
    for (int i = 0, n = 1 + r.nextInt(5); i < n; i++) {
      int length = r.nextInt(4) == 0 ? MAX - r.nextInt(2) : r.nextInt(r.nextBoolean() ? 64 : MAX + 1);
      byte[] payload = new byte[length];
      r.nextBytes(payload);
      parts.add(Mutator.frame(r.nextInt(), 1 + r.nextInt(3), r.nextInt(8), payload));
    }
    return Mutator.concat(parts.toArray(byte[][]::new));
  }
}
