package dev.ttrpc.bench.soak;

/**
 * Which kind of call a sequence number makes, per mille of calls: unary Echo of 16 B (30%), 256 B (20%), 1 KiB
 * (20%), 4 KiB (10%), 16 KiB (5%), 64 KiB (5%) and 1 MiB (0.2%), then streams of 8 x 1 KiB: Repeat (3.8%), Sum (3%)
 * and Chat (3%). Without streaming (Go ttrpc 1.1.1 has none) the stream slots become unary 1 KiB calls.
 *
 * <p>The slot comes from a hash of the sequence number, not {@code seq % 1000}, so that the callers, which take
 * sequence numbers in turn, do not each settle on one kind.
 */
final class SoakMix {
  private static final int STREAM_MSGS = 8;
  private static final CallKind[] UNARY = {
      new CallKind("Echo", 16, 1), new CallKind("Echo", 256, 1), new CallKind("Echo", 1024, 1),
      new CallKind("Echo", 4096, 1), new CallKind("Echo", 16384, 1), new CallKind("Echo", 65536, 1),
      new CallKind("Echo", 1 << 20, 1)};
  /** Upper bounds (exclusive, per mille) of the slots of {@link #UNARY}, then of Repeat, Sum and Chat. */
  private static final int[] BOUNDS = {300, 500, 700, 800, 850, 900, 902, 940, 970, 1000};
  private static final CallKind[] STREAMS = {
      new CallKind("Repeat", 1024, STREAM_MSGS), new CallKind("Sum", 1024, STREAM_MSGS),
      new CallKind("Chat", 1024, STREAM_MSGS)};

  private final boolean streaming;

  SoakMix(boolean streaming) {
    this.streaming = streaming;
  }

  /** Every kind this mix can pick, in slot order. */
  CallKind[] kinds() {
    CallKind[] all = new CallKind[UNARY.length + (streaming ? STREAMS.length : 0)];
    System.arraycopy(UNARY, 0, all, 0, UNARY.length);
    if (streaming) {
      System.arraycopy(STREAMS, 0, all, UNARY.length, STREAMS.length);
    }
    return all;
  }

  /** The kind of call {@code seq}. */
  CallKind kindOf(long seq) {
    int slot = (int) (((seq * 0x9E3779B97F4A7C15L) >>> 33) % 1000);
    for (int i = 0; i < BOUNDS.length; i++) {
      if (slot < BOUNDS[i]) {
        if (i < UNARY.length) {
          return UNARY[i];
        }
        return streaming ? STREAMS[i - UNARY.length] : UNARY[2];
      }
    }
    throw new AssertionError("slot " + slot + " beyond the last bound");
  }
}
