package dev.ttrpc.fuzz;

import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import com.google.protobuf.Empty;
import dev.ttrpc.Code;
import dev.ttrpc.MetadataLimits;
import dev.ttrpc.codec.proto.KeyValue;
import dev.ttrpc.codec.proto.Request;
import dev.ttrpc.golden.RawFrame;
import dev.ttrpc.testing.EchoService;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A sequence of frames, each of a kind whose answer is known (a valid call, a boundary length, an even or reused
 * stream id, Data for an unknown stream, an unknown type, a bad envelope or payload, too much metadata, ...), built
 * with consistent stream ids, and the status each stream must get: one set of acceptable codes per answer expected.
 */
final class TargetedCase {
  enum Kind {
    VALID_ECHO, UNKNOWN_FLAGS_ECHO, BOUNDARY_LENGTH, EVEN_ID, REUSED_ID, DATA_FOR_UNKNOWN_STREAM, UNKNOWN_TYPE,
    BAD_ENVELOPE, BAD_PAYLOAD, TOO_MANY_METADATA_ENTRIES, TOO_MANY_METADATA_BYTES, REPEATED_METADATA,
    HUGE_LENGTH, TRUNCATED
  }

  static final Set<Code> ANY = EnumSet.allOf(Code.class);

  final List<Kind> kinds = new ArrayList<>();
  final Map<Integer, List<Set<Code>>> expected = new LinkedHashMap<>();
  /** Streams that may get at most one answer of any code (a frame the harness completes with zeros). */
  final Set<Integer> anyOrNone = new java.util.HashSet<>();
  /**
   * Streams whose id a later Request reused: the reuse is refused INVALID_ARGUMENT, and when it arrives while the
   * first call is still live it ends that call with the same status instead (a stream ends only once).
   */
  final Set<Integer> reused = new java.util.HashSet<>();
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final Random random;
  private final int max;
  private int next = 1;
  private int last = -1;

  private TargetedCase(long seed, int max) {
    this.random = new Random(seed);
    this.max = max;
  }

  /** 1 to 5 pieces; a piece that cannot be finished (a huge length, a truncated frame) only comes last. */
  static TargetedCase generate(long seed, int max) {
    TargetedCase c = new TargetedCase(seed, max);
    Kind[] kinds = Kind.values();
    int pieces = 1 + c.random.nextInt(5);
    for (int i = 0; i < pieces; i++) {
      Kind k = kinds[c.random.nextInt(kinds.length)];
      if ((k == Kind.HUGE_LENGTH || k == Kind.TRUNCATED) && i < pieces - 1) {
        k = Kind.VALID_ECHO;
      }
      c.add(k);
    }
    return c;
  }

  byte[] bytes() {
    return bytes.toByteArray();
  }

  private void add(Kind kind) {
    kinds.add(kind);
    switch (kind) {
      case VALID_ECHO -> request(Code.OK, 0, echo(random.nextInt(100)));
      case UNKNOWN_FLAGS_ECHO -> request(Code.OK, random.nextInt(256) & ~0x03, echo(10));
      case BOUNDARY_LENGTH -> {
        int[] lengths = {0, 1, max - 1, max, max + 1};
        int length = lengths[random.nextInt(lengths.length)];
        if (length == 0) {
          request(EnumSet.of(Code.UNIMPLEMENTED), 0, new byte[0]); // no service named
        } else if (length == 1) {
          request(EnumSet.of(Code.INVALID_ARGUMENT), 0, new byte[] {0x0a}); // a tag with nothing after it
        } else if (length <= max) {
          request(EnumSet.of(Code.OK), 0, echoOfSize(length));
        } else {
          request(EnumSet.of(Code.RESOURCE_EXHAUSTED), 0, echoOfSize(length));
        }
      }
      case EVEN_ID -> frame(next + 1, RawFrame.REQUEST, 0, echo(5), EnumSet.of(Code.INVALID_ARGUMENT));
      case REUSED_ID -> {
        if (last < 0) {
          request(Code.OK, 0, echo(5));
        }
        reused.add(last);
        frame(last, RawFrame.REQUEST, 0, echo(5), EnumSet.of(Code.INVALID_ARGUMENT));
      }
      case DATA_FOR_UNKNOWN_STREAM -> {
        int[] flags = {0, 1, 4, 5};
        frame(next + 2 * random.nextInt(3), RawFrame.DATA, flags[random.nextInt(4)], randomBytes(20),
            EnumSet.of(Code.INVALID_ARGUMENT));
      }
      case UNKNOWN_TYPE -> {
        int type = random.nextBoolean() ? 0 : 4 + random.nextInt(252);
        frame(random.nextInt(), type, random.nextInt(256), randomBytes(random.nextInt(100)), null);
      }
      case BAD_ENVELOPE -> request(EnumSet.of(Code.INVALID_ARGUMENT, Code.UNIMPLEMENTED), 0,
          Mutator.concat(new byte[] {(byte) (0x08 | random.nextInt(8))}, randomBytes(1 + random.nextInt(60))));
      case BAD_PAYLOAD -> request(EnumSet.of(Code.OK, Code.INVALID_ARGUMENT), 0,
          Request.newBuilder().setService(EchoService.NAME).setMethod("Echo")
              .setPayload(ByteString.copyFrom(randomBytes(1 + random.nextInt(40)))).build().toByteArray());
      case TOO_MANY_METADATA_ENTRIES -> request(EnumSet.of(Code.RESOURCE_EXHAUSTED), 0,
          withMetadata(MetadataLimits.DEFAULT.maxEntries() + 1 + random.nextInt(200), 8));
      case TOO_MANY_METADATA_BYTES -> request(EnumSet.of(Code.RESOURCE_EXHAUSTED), 0,
          withMetadata(2, MetadataLimits.DEFAULT.maxBytes() / 2 + random.nextInt(8000)));
      case REPEATED_METADATA -> request(EnumSet.of(Code.OK), 0,
          withMetadata(1 + random.nextInt(MetadataLimits.DEFAULT.maxEntries()), 4));
      case HUGE_LENGTH -> {
        long length = random.nextBoolean() ? 1L << 31 : (1L << 32) - 1;
        boolean data = random.nextBoolean();
        int id = data ? next + 2 * (1 + random.nextInt(3)) : next;
        if (!data) {
          last = next;
          next += 2;
        }
        // A Request or Data frame too big for any stream: refused on its stream as soon as its header is read.
        expect(id, EnumSet.of(Code.RESOURCE_EXHAUSTED));
        bytes.writeBytes(Mutator.header(length, id, data ? RawFrame.DATA : RawFrame.REQUEST, 0));
        bytes.writeBytes(randomBytes(random.nextInt(200)));
      }
      case TRUNCATED -> {
        // On a stream nothing else was sent on: its one answer, if any, may have any code.
        while (expected.containsKey(next)) {
          next += 2;
        }
        byte[] whole = Mutator.frame(next, RawFrame.REQUEST, 0, echo(50));
        anyOrNone.add(next);
        next += 2;
        // Cut inside the payload: the harness completes it with zeros, which no envelope may end with.
        bytes.writeBytes(java.util.Arrays.copyOf(whole, 10 + random.nextInt(whole.length - 10)));
      }
      default -> throw new IllegalStateException("unhandled kind " + kind);
    }
  }

  private void request(Code code, int flags, byte[] envelope) {
    request(EnumSet.of(code), flags, envelope);
  }

  private void request(Set<Code> codes, int flags, byte[] envelope) {
    last = next;
    next += 2;
    frame(last, RawFrame.REQUEST, flags, envelope, codes);
  }

  private void frame(int streamId, int type, int flags, byte[] payload, Set<Code> codes) {
    if (codes != null) {
      expect(streamId, codes);
    }
    bytes.writeBytes(Mutator.frame(streamId, type, flags, payload));
  }

  private void expect(int streamId, Set<Code> codes) {
    expected.computeIfAbsent(streamId, k -> new ArrayList<>()).add(codes);
  }

  private byte[] echo(int size) {
    return Request.newBuilder().setService(EchoService.NAME).setMethod("Echo")
        .setPayload(BytesValue.of(ByteString.copyFrom(randomBytes(size))).toByteString()).build().toByteArray();
  }

  /** An Echo Request envelope of exactly {@code size} bytes. */
  private byte[] echoOfSize(int size) {
    for (int n = Math.max(0, size - 40); n <= size; n++) {
      byte[] env = Request.newBuilder().setService(EchoService.NAME).setMethod("Echo")
          .setPayload(BytesValue.of(ByteString.copyFrom(new byte[n])).toByteString()).build().toByteArray();
      if (env.length == size) {
        return env;
      }
    }
    throw new IllegalStateException("no Echo request of exactly " + size + " bytes");
  }

  /** A Metadata call with {@code entries} entries, all with the same key, of {@code valueBytes} each. */
  private byte[] withMetadata(int entries, int valueBytes) {
    Request.Builder r = Request.newBuilder().setService(EchoService.NAME).setMethod("Metadata")
        .setPayload(Empty.getDefaultInstance().toByteString());
    String value = "v".repeat(valueBytes);
    for (int i = 0; i < entries; i++) {
      r.addMetadata(KeyValue.newBuilder().setKey("Repeated-Key").setValue(value));
    }
    return r.build().toByteArray();
  }

  private byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  /** Whether every stream that must be answered has been (a reused stream may collapse to one answer). */
  boolean settled(List<RawFrame> received) {
    for (Map.Entry<Integer, List<Set<Code>>> e : expected.entrySet()) {
      long got = received.stream().filter(f -> f.streamId() == e.getKey()).count();
      if (got < (reused.contains(e.getKey()) ? 1 : e.getValue().size())) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return kinds + " expecting " + expected + (anyOrNone.isEmpty() ? "" : " (any or none on " + anyOrNone + ")");
  }
}
