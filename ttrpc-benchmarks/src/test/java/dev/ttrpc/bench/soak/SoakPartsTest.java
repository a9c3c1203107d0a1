package dev.ttrpc.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The soak's building blocks: payloads, the ledger, the histogram and the mix. */
class SoakPartsTest {
  @Test
  void aPayloadNamesItsCallAndMatchesOnlyItself() {
    ByteString p = ByteString.copyFrom(SoakPayload.build(123_456_789L, 2, 100, 5));
    assertThat(SoakPayload.seqOf(p, 0)).isEqualTo(123_456_789L);
    assertThat(SoakPayload.matches(p, 0, 123_456_789L, 2, 100, 5)).isTrue();
    assertThat(SoakPayload.matches(p, 0, 123_456_789L, 3, 100, 5)).as("other message index").isFalse();
    assertThat(SoakPayload.matches(p, 0, 123_456_788L, 2, 100, 5)).as("other call").isFalse();
    assertThat(SoakPayload.matches(p, 0, 123_456_789L, 2, 100, 4)).as("other first byte").isFalse();
    assertThatThrownBy(() -> SoakPayload.build(SoakPayload.MAX_SEQ + 1, 0, 16, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("seq");
  }

  @Test
  void theLedgerSeesASecondAnswer() {
    AnswerLedger ledger = new AnswerLedger(200);
    assertThat(ledger.markAnswered(130)).isTrue();
    assertThat(ledger.markAnswered(130)).isFalse();
    assertThat(ledger.isAnswered(130)).isTrue();
    assertThat(ledger.isAnswered(131)).isFalse();
    assertThat(ledger.isAnswered(-1)).isFalse();
    assertThat(ledger.answered()).isEqualTo(1);
    assertThatThrownBy(() -> ledger.markAnswered(ledger.capacity()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("capacity");
  }

  @Test
  void histogramPercentilesAreWithinThreePercentAndTheMaxIsExact() {
    LatencyHistogram h = new LatencyHistogram();
    for (int i = 1; i <= 10_000; i++) {
      h.record(i * 1000L); // 1..10000 us
    }
    h.record(123_456_789_000L);
    assertThat(h.maxMicros()).isEqualTo(123_456_789L);
    assertThat(h.percentileMicros(0.5)).isBetween(5000L, 5150L);
    assertThat(h.percentileMicros(0.99)).isBetween(9900L, 10_200L);
    for (long v : new long[] {0, 31, 32, 63, 64, 1000, 1L << 40, Long.MAX_VALUE / 1000}) {
      int b = LatencyHistogram.bucketOf(v);
      assertThat(LatencyHistogram.upperBoundOf(b)).as("upper bound of %d", v).isGreaterThanOrEqualTo(v);
      assertThat(b == 0 || LatencyHistogram.upperBoundOf(b - 1) < v).as("bucket below %d", v).isTrue();
    }
  }

  @Test
  void theMixHitsItsSharesAndDropsStreamsWhenAsked() {
    Map<String, Integer> seen = new HashMap<>();
    int n = 200_000;
    for (long seq = 0; seq < n; seq++) {
      seen.merge(new SoakMix(true).kindOf(seq).label(), 1, Integer::sum);
    }
    assertThat(seen.get("Echo/16") / (double) n).isBetween(0.28, 0.32);
    assertThat(seen.get("Echo/1048576") / (double) n).isBetween(0.001, 0.003);
    assertThat(seen.get("Chat/1024x8") / (double) n).isBetween(0.025, 0.035);
    SoakMix unaryOnly = new SoakMix(false);
    for (long seq = 0; seq < 10_000; seq++) {
      assertThat(unaryOnly.kindOf(seq).method()).isEqualTo("Echo");
    }
    assertThat(unaryOnly.kinds()).hasSize(7);
  }
}
