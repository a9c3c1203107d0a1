package dev.ttrpc.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.ttrpc.MetadataLimits;
import dev.ttrpc.codec.MetadataLimitException;
import dev.ttrpc.codec.ProtocolException;
import dev.ttrpc.codec.RequestEnvelope;
import dev.ttrpc.codec.ResponseEnvelope;
import dev.ttrpc.codec.proto.KeyValue;
import dev.ttrpc.codec.proto.Request;
import dev.ttrpc.codec.proto.Response;
import dev.ttrpc.golden.GoldenFrames.Dir;
import dev.ttrpc.testing.EchoService;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The Request and Response envelope readers fed broken protobuf: each either decodes or throws its own
 * {@link ProtocolException} (or, for a Request, {@link MetadataLimitException}) naming the problem, never anything
 * else; it reads only inside its range of the array; and when protobuf's generated parser also accepts the bytes,
 * both read the same fields.
 */
class EnvelopeFuzzTest {
  static final MetadataLimits LIMITS = MetadataLimits.DEFAULT;
  static final byte[] ECHO_PREFIX = EchoService.ECHO.envelopePrefix();

  static final int REQUEST_TRIES = 3000;
  static final int RESPONSE_TRIES = 2500;

  @Test
  void requestEnvelopeDecodesOrRefusesAndAgreesWithProtobuf() {
    SeededFuzz.run(getClass(), "requestEnvelopeDecodesOrRefusesAndAgreesWithProtobuf", REQUEST_TRIES,
        c -> requestDecodesOrRefuses(requestPayload(c), c.random().nextLong()));
  }

  @Test
  void responseEnvelopeDecodesOrRefusesAndAgreesWithProtobuf() {
    SeededFuzz.run(getClass(), "responseEnvelopeDecodesOrRefusesAndAgreesWithProtobuf", RESPONSE_TRIES,
        c -> responseDecodesOrRefuses(responsePayload(c), c.random().nextLong()));
  }

  private static void requestDecodesOrRefuses(byte[] payload, long placement) {
    Random r = new Random(placement);
    int offset = r.nextInt(17);
    byte[] buf = embed(payload, offset, r);
    RequestEnvelope ours;
    try {
      ours = r.nextBoolean()
          ? RequestEnvelope.decode(buf, offset, payload.length, null, null, null, LIMITS)
          : RequestEnvelope.decode(buf, offset, payload.length, EchoService.NAME, "Echo", ECHO_PREFIX, LIMITS);
    } catch (ProtocolException | MetadataLimitException refused) {
      assertThat(refused.getMessage()).as("a refusal says what was wrong").isNotBlank();
      if (refused instanceof MetadataLimitException) {
        assertThat(refused.getMessage()).contains("maxMetadata");
        assertThat(overLimits(payload)).as("refused for metadata that is within the limits").isTrue();
      }
      return;
    }
    Request theirs;
    try {
      theirs = Request.parseFrom(payload);
    } catch (InvalidProtocolBufferException e) {
      return; // e.g. invalid UTF-8, which this reader leaves to the strings it builds
    }
    assertThat(ours.service()).isEqualTo(theirs.getService());
    assertThat(ours.method()).isEqualTo(theirs.getMethod());
    assertThat(ByteString.copyFrom(buf, ours.payloadOffset(), ours.payloadLength())).isEqualTo(theirs.getPayload());
    assertThat(ours.timeoutNanos()).isEqualTo(theirs.getTimeoutNano());
    List<String> pairs = new ArrayList<>();
    ours.metadata().forEach((k, v) -> pairs.add(k + "=" + v));
    assertThat(pairs).isEqualTo(theirs.getMetadataList().stream()
        .map(kv -> kv.getKey().toLowerCase(Locale.ROOT) + "=" + kv.getValue()).toList());
    assertThat(LIMITS.violation(ours.metadata())).as("accepted metadata is within the limits").isNull();
  }

  private static void responseDecodesOrRefuses(byte[] payload, long placement) {
    Random r = new Random(placement);
    int offset = r.nextInt(17);
    byte[] buf = embed(payload, offset, r);
    ResponseEnvelope ours;
    try {
      ours = ResponseEnvelope.decode(buf, offset, payload.length);
    } catch (ProtocolException refused) {
      assertThat(refused.getMessage()).isNotBlank();
      return;
    }
    Response theirs;
    try {
      theirs = Response.parseFrom(payload);
    } catch (InvalidProtocolBufferException e) {
      return;
    }
    assertThat(ours.status().codeNumber()).isEqualTo(theirs.getStatus().getCode());
    assertThat(ours.status().message()).isEqualTo(theirs.getStatus().getMessage());
    assertThat(ByteString.copyFrom(buf, ours.payloadOffset(), ours.payloadLength())).isEqualTo(theirs.getPayload());
  }

  /** Places the payload inside garbage, from {@code offset}: a reader that strays from its range reads garbage. */
  static byte[] embed(byte[] payload, int offset, Random r) {
    byte[] buf = new byte[offset + payload.length + 1 + r.nextInt(64)];
    r.nextBytes(buf);
    System.arraycopy(payload, 0, buf, offset, payload.length);
    return buf;
  }

  private static boolean overLimits(byte[] payload) {
    try {
      Request r = Request.parseFrom(payload);
      long bytes = 0;
      for (KeyValue kv : r.getMetadataList()) {
        bytes += kv.getKeyBytes().size() + kv.getValueBytes().size();
      }
      return LIMITS.violation(r.getMetadataCount(), bytes) != null;
    } catch (InvalidProtocolBufferException e) {
      return true; // protobuf cannot say; the message check above still held
    }
  }

  /** The case's Request envelope bytes, from one of the generators below, declared as the case's input. */
  static byte[] requestPayload(FuzzCase c) {
    Draws.Drawn<byte[]> drawn = Draws.weighted(c.random(),
        new Draws.Choice<>(2, "random bytes", r -> Draws.bytes(r, 200)),
        new Draws.Choice<>(4, "mutated golden request", r -> mutatedGoldenPayload(r.nextLong(), Dir.CLIENT_TO_SERVER)),
        new Draws.Choice<>(4, "structured request", r -> structuredRequest(r.nextLong())));
    c.note(drawn.name());
    return c.input(drawn.value());
  }

  /** The case's Response envelope bytes, from one of the generators below, declared as the case's input. */
  static byte[] responsePayload(FuzzCase c) {
    Draws.Drawn<byte[]> drawn = Draws.weighted(c.random(),
        new Draws.Choice<>(2, "random bytes", r -> Draws.bytes(r, 200)),
        new Draws.Choice<>(5, "mutated golden response",
            r -> mutatedGoldenPayload(r.nextLong(), Dir.SERVER_TO_CLIENT)));
    c.note(drawn.name());
    return c.input(drawn.value());
  }

  /** The payload of a golden frame, with a few byte-level mutations. */
  static byte[] mutatedGoldenPayload(long seed, Dir dir) {
    Random r = new Random(seed);
    List<byte[]> frames = Mutator.goldenFrames(dir);
    byte[] frame = frames.get(r.nextInt(frames.size()));
    byte[] b = Arrays.copyOfRange(frame, 10, frame.length);
    for (int i = 0, n = r.nextInt(4); i < n && b.length > 0; i++) {
      switch (r.nextInt(4)) {
        case 0 -> b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
        case 1 -> b[r.nextInt(b.length)] = (byte) r.nextInt(256);
        case 2 -> b = Arrays.copyOf(b, r.nextInt(b.length));
        default -> b = Mutator.concat(b, new byte[] {(byte) r.nextInt(256), (byte) r.nextInt(256)});
      }
    }
    return b;
  }

  /** A valid Request with hostile content (many, huge, repeated or odd metadata; any timeout), maybe cut short. */
  static byte[] structuredRequest(long seed) {
    Random r = new Random(seed);
    Request.Builder b = Request.newBuilder().setService(r.nextBoolean() ? EchoService.NAME : randomText(r, 40))
        .setMethod(r.nextBoolean() ? "Echo" : randomText(r, 20)).setTimeoutNano(r.nextInt(3) == 0 ? r.nextLong() : 0);
    if (r.nextBoolean()) {
      byte[] p = new byte[r.nextInt(64)];
      r.nextBytes(p);
      b.setPayload(ByteString.copyFrom(p));
    }
    int entries = switch (r.nextInt(4)) {
      case 0 -> 0;
      case 1 -> r.nextInt(8);
      case 2 -> LIMITS.maxEntries() - 1 + r.nextInt(3);
      default -> r.nextInt(300);
    };
    String repeatedKey = randomText(r, 8) + "k";
    for (int i = 0; i < entries; i++) {
      String key = r.nextBoolean() ? repeatedKey : randomText(r, 12) + "K";
      // A few entries near the byte limit; many entries stay small (the count limit is their test).
      String value = i < 3 && r.nextInt(4) == 0 ? "v".repeat(r.nextInt(LIMITS.maxBytes() + 100))
          : randomText(r, 30);
      b.addMetadata(KeyValue.newBuilder().setKey(key).setValue(value));
    }
    byte[] bytes = b.build().toByteArray();
    return r.nextInt(5) == 0 ? Arrays.copyOf(bytes, r.nextInt(bytes.length + 1)) : bytes;
  }

  static String randomText(Random r, int maxLength) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0, n = r.nextInt(maxLength + 1); i < n; i++) {
      sb.appendCodePoint(r.nextInt(8) == 0 ? 0x80 + r.nextInt(0x3000) : 0x20 + r.nextInt(0x5f));
    }
    return sb.toString();
  }
}
