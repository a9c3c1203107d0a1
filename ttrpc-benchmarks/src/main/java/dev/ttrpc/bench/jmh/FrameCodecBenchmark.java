package dev.ttrpc.bench.jmh;

import com.google.protobuf.BytesValue;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import dev.ttrpc.Metadata;
import dev.ttrpc.bench.BenchProtocol;
import dev.ttrpc.codec.Envelopes;
import dev.ttrpc.codec.FrameDecoder;
import dev.ttrpc.codec.FrameSink;
import dev.ttrpc.codec.Frames;
import dev.ttrpc.codec.Messages;
import dev.ttrpc.codec.ResponseEnvelope;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The frame codec alone, per frame: decoding a batch of small Response frames as a client's reader does
 * ({@link FrameDecoder} then {@link ResponseEnvelope#decode}, optionally parsing the message), and encoding a
 * Request ({@link Envelopes#requestLength} and {@link Envelopes#writeRequest}). Run with {@code -prof gc}: the
 * decoder should allocate only the envelope object, the encoder nothing but its CodedOutputStream.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FrameCodecBenchmark {
  /** Response frames decoded per invocation (they all fit in the decoder's 64 KiB buffer). */
  static final int BATCH = 32;

  @Param({"16", "1024"})
  public int payloadSize;

  private byte[] batch;
  private FrameDecoder decoder;
  private final Sink sink = new Sink();

  private byte[] prefix;
  private BytesValue request;
  private int requestSize;
  private ByteBuffer out;
  private Metadata metadata;

  @Setup
  public void setup() throws IOException {
    BytesValue message = BytesValue.of(UnsafeByteOperations.unsafeWrap(new byte[payloadSize]));
    int messageSize = message.getSerializedSize();
    int envelope = Envelopes.responseLength(null, messageSize);
    int frame = Frames.HEADER_LENGTH + envelope;
    batch = new byte[BATCH * frame];
    for (int i = 0; i < BATCH; i++) {
      int p = i * frame;
      ByteBuffer.wrap(batch, p, Frames.HEADER_LENGTH).putInt(envelope).putInt(2 * i + 1)
          .put((byte) Frames.TYPE_RESPONSE).put((byte) 0);
      Envelopes.writeResponse(ByteBuffer.wrap(batch, p + Frames.HEADER_LENGTH, envelope), envelope, null, message,
          messageSize);
    }
    decoder = new FrameDecoder(Frames.DEFAULT_MAX_MESSAGE_SIZE, 64 * 1024);

    prefix = BenchProtocol.ECHO.envelopePrefix();
    request = BytesValue.of(UnsafeByteOperations.unsafeWrap(new byte[payloadSize]));
    requestSize = request.getSerializedSize();
    // Direct, as the connection's writer encodes into it.
    out = ByteBuffer.allocateDirect(64 * 1024);
    metadata = Metadata.of("containerd-namespace", "k8s.io").frozen();
  }

  /** Cuts and decodes the envelopes of {@value #BATCH} Response frames (as read from the socket in one go). */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void decodeResponses(Blackhole bh) {
    sink.bh = bh;
    sink.parse = false;
    decoder.readTarget().put(batch);
    decoder.process(sink);
  }

  /** As {@link #decodeResponses}, and parses each response message too (one copy of its bytes). */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void decodeAndParseResponses(Blackhole bh) {
    sink.bh = bh;
    sink.parse = true;
    decoder.readTarget().put(batch);
    decoder.process(sink);
  }

  /** Encodes a Request with no deadline and no metadata, as a plain unary call does. */
  @Benchmark
  public byte encodeRequest() throws IOException {
    int length = Envelopes.requestLength(prefix, requestSize, 0, Metadata.empty());
    out.clear().position(Frames.HEADER_LENGTH);
    Envelopes.writeRequest(out, length, prefix, request, requestSize, 0, Metadata.empty());
    return out.get(Frames.HEADER_LENGTH + length - 1);
  }

  /** Encodes a Request with a deadline and containerd's namespace header, as the shim API's calls do. */
  @Benchmark
  public byte encodeRequestWithTimeoutAndMetadata() throws IOException {
    long timeout = 5_000_000_000L;
    int length = Envelopes.requestLength(prefix, requestSize, timeout, metadata);
    out.clear().position(Frames.HEADER_LENGTH);
    Envelopes.writeRequest(out, length, prefix, request, requestSize, timeout, metadata);
    return out.get(Frames.HEADER_LENGTH + length - 1);
  }

  private static final class Sink implements FrameSink {
    Blackhole bh;
    boolean parse;

    @Override
    public void onFrame(int streamId, int type, int flags, byte[] payload, int offset, int length, boolean owned) {
      ResponseEnvelope env = ResponseEnvelope.decode(payload, offset, length);
      if (parse) {
        try {
          bh.consume(Messages.parse(BytesValue.parser(), payload, env.payloadOffset(), env.payloadLength(), owned));
        } catch (InvalidProtocolBufferException e) {
          throw new IllegalStateException(e);
        }
      } else {
        bh.consume(env.payloadLength());
        bh.consume(env.status());
      }
    }

    @Override
    public void onOversizedFrame(int streamId, int type, int flags, long length, int limit) {
      throw new IllegalStateException("oversized frame in the benchmark batch");
    }
  }
}
