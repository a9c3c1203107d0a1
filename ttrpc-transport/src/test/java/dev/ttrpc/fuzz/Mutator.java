package dev.ttrpc.fuzz;

import dev.ttrpc.golden.GoldenFrames;
import dev.ttrpc.golden.GoldenFrames.Dir;
import dev.ttrpc.golden.GoldenFrames.Golden;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Mutation fuzzing seeded from the golden frames (a real runc shim and Go ttrpc 1.2): picks recorded frames of one
 * side, then breaks them in the ways a peer can: flipped bytes, header fields set to boundary or hostile values,
 * truncation, duplication, garbage. Driven by a seed, so that a failing case is reproduced from its seed alone.
 */
final class Mutator {
  /** Declared lengths at every interesting boundary, for a limit of {@code max}. */
  static long[] boundaryLengths(int max) {
    return new long[] {0, 1, max - 1, max, max + 1L, 1L << 31, (1L << 32) - 1};
  }

  static final int[] HOSTILE_STREAM_IDS = {0, 1, 2, 3, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff};

  private final Random random;
  private final int max;

  Mutator(long seed, int max) {
    this.random = new Random(seed);
    this.max = max;
  }

  static List<byte[]> goldenFrames(Dir dir) {
    return Stream.concat(GoldenFrames.sentBy(GoldenFrames.SHIM, dir).stream(),
            GoldenFrames.sentBy(GoldenFrames.STREAMING, dir).stream())
        .map(Golden::bytes).toList();
  }

  /** 1 to 6 golden frames of one side, in order or not, then 0 to {@code mutations} mutations. */
  byte[] mutatedGolden(Dir dir, int mutations) {
    List<byte[]> seeds = goldenFrames(dir);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int frames = 1 + random.nextInt(6);
    for (int i = 0; i < frames; i++) {
      out.writeBytes(seeds.get(random.nextInt(seeds.size())));
    }
    byte[] bytes = out.toByteArray();
    for (int i = 0; i < mutations; i++) {
      bytes = mutate(bytes);
    }
    return bytes;
  }

  byte[] mutate(byte[] b) {
    WireModel model = WireModel.of(b);
    int headerAt = headerOffset(b, model);
    switch (random.nextInt(10)) {
      case 0 -> { // flip a bit anywhere
        if (b.length > 0) {
          b = b.clone();
          b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
        }
      }
      case 1 -> { // a declared length at a boundary (its payload is not adjusted: truncation or spill-over)
        if (headerAt >= 0) {
          long[] lengths = boundaryLengths(max);
          b = b.clone();
          ByteBuffer.wrap(b).putInt(headerAt, (int) lengths[random.nextInt(lengths.length)]);
        }
      }
      case 2 -> { // a hostile stream id: even, reused, zero, at the top of the id space
        if (headerAt >= 0) {
          b = b.clone();
          ByteBuffer.wrap(b).putInt(headerAt + 4, HOSTILE_STREAM_IDS[random.nextInt(HOSTILE_STREAM_IDS.length)]);
        }
      }
      case 3 -> { // any type, any flags
        if (headerAt >= 0) {
          b = b.clone();
          b[headerAt + 8] = (byte) random.nextInt(256);
          b[headerAt + 9] = (byte) random.nextInt(256);
        }
      }
      case 4 -> b = Arrays.copyOf(b, b.length == 0 ? 0 : random.nextInt(b.length)); // truncate
      case 5 -> { // overwrite a run of bytes with garbage
        if (b.length > 0) {
          b = b.clone();
          int at = random.nextInt(b.length);
          for (int i = at; i < Math.min(b.length, at + 1 + random.nextInt(16)); i++) {
            b[i] = (byte) random.nextInt(256);
          }
        }
      }
      case 6 -> { // duplicate the whole stream (reused stream ids, repeated Data)
        if (b.length < 4096) {
          byte[] twice = Arrays.copyOf(b, 2 * b.length);
          System.arraycopy(b, 0, twice, b.length, b.length);
          b = twice;
        }
      }
      case 7 -> b = concat(b, randomBytes(1 + random.nextInt(64))); // trailing garbage
      case 8 -> b = concat(b, frame(randomId(), 1 + random.nextInt(255), random.nextInt(256),
          randomBytes(random.nextInt(32)))); // a frame of any type for any stream
      default -> { // insert a random byte (shifts every later header)
        int at = b.length == 0 ? 0 : random.nextInt(b.length);
        byte[] longer = new byte[b.length + 1];
        System.arraycopy(b, 0, longer, 0, at);
        longer[at] = (byte) random.nextInt(256);
        System.arraycopy(b, at, longer, at + 1, b.length - at);
        b = longer;
      }
    }
    return b;
  }

  int randomId() {
    return random.nextBoolean() ? HOSTILE_STREAM_IDS[random.nextInt(HOSTILE_STREAM_IDS.length)]
        : random.nextInt(64);
  }

  byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  Random random() {
    return random;
  }

  /** The offset of a random whole header in {@code b}, or -1 when there is none. */
  private int headerOffset(byte[] b, WireModel model) {
    int frames = model.headers().size();
    if (frames == 0) {
      return -1;
    }
    int pick = random.nextInt(frames);
    long at = 0;
    for (int i = 0; i < pick; i++) {
      at += 10 + model.headers().get(i).length();
    }
    return at + 10 <= b.length ? (int) at : -1;
  }

  static byte[] frame(int streamId, int type, int flags, byte[] payload) {
    return ByteBuffer.allocate(10 + payload.length).putInt(payload.length).putInt(streamId).put((byte) type)
        .put((byte) flags).put(payload).array();
  }

  static byte[] header(long length, int streamId, int type, int flags) {
    return ByteBuffer.allocate(10).putInt((int) length).putInt(streamId).put((byte) type).put((byte) flags).array();
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
