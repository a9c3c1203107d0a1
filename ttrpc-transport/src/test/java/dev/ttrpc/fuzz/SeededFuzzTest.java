package dev.ttrpc.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The runner under the fuzz tests: how many cases it runs, that a seed replays them, what a failure says. */
class SeededFuzzTest {
  private static final long RUN_SEED = 42;

  @Test
  void runsTheCiTriesScaledByTheSettings() {
    assertThat(seedsOf(new FuzzRun(RUN_SEED, null, 1, null), 300)).hasSize(300);
    assertThat(seedsOf(new FuzzRun(RUN_SEED, null, 2.5, null), 300)).hasSize(750);
    assertThat(seedsOf(new FuzzRun(RUN_SEED, 7, 2.5, null), 300)).hasSize(7);
  }

  @Test
  void theRunSeedReplaysTheSameCasesAndAnotherExploresNewOnes() {
    List<Long> first = seedsOf(new FuzzRun(RUN_SEED, null, 1, null), 50);
    assertThat(seedsOf(new FuzzRun(RUN_SEED, null, 1, null), 50)).isEqualTo(first);
    assertThat(seedsOf(new FuzzRun(RUN_SEED + 1, null, 1, null), 50)).doesNotContainAnyElementsOf(first);
    assertThat(first).doesNotHaveDuplicates();
  }

  @Test
  void aCaseSeedReplaysThatCaseAlone() {
    List<Long> all = seedsOf(new FuzzRun(RUN_SEED, null, 1, null), 20);
    List<Long> drawnFromCase = new ArrayList<>();
    SeededFuzz.run(new FuzzRun(RUN_SEED, null, 1, all.get(13)), SeededFuzzTest.class, "probe", 20,
        c -> drawnFromCase.add(c.seed()));
    assertThat(drawnFromCase).containsExactly(all.get(13));
    assertThatThrownBy(() -> SeededFuzz.run(new FuzzRun(RUN_SEED, null, 1, all.get(13)), SeededFuzzTest.class,
        "probe", 20, c -> assertThat(c.seed()).isNotEqualTo(all.get(13))))
        .hasMessageContaining("case seed " + all.get(13))
        .hasMessageContaining("the one case given with -Dfuzz.case")
        .hasMessageNotContaining("-Dfuzz.seed=");
  }

  @Test
  void aFailureNamesBothSeedsHowToRerunAndTheInputCutShort() {
    List<Long> seeds = seedsOf(new FuzzRun(RUN_SEED, null, 1, null), 5);
    byte[] big = new byte[FuzzCase.SHOWN_BYTES + 10];
    big[0] = (byte) 0xab;
    assertThatThrownBy(() -> SeededFuzz.run(new FuzzRun(RUN_SEED, null, 1, null), SeededFuzzTest.class, "probe", 5,
        c -> {
          c.note("a note");
          c.input(big);
          assertThat(c.seed()).isNotEqualTo(seeds.get(2));
        }))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("SeededFuzzTest#probe: case 3 of 5 failed")
        .hasMessageContaining("run seed " + RUN_SEED + ", case seed " + seeds.get(2))
        .hasMessageContaining("-Dfuzz.case=" + seeds.get(2))
        .hasMessageContaining("-Dfuzz.seed=" + RUN_SEED)
        .hasMessageContaining("a note; input (" + big.length + " bytes): ab00")
        .hasMessageContaining("... (10 more)")
        .hasCauseInstanceOf(AssertionError.class);
  }

  private static List<Long> seedsOf(FuzzRun run, int ciTries) {
    List<Long> seeds = new ArrayList<>();
    SeededFuzz.run(run, SeededFuzzTest.class, "probe", ciTries, c -> seeds.add(c.seed()));
    return seeds;
  }
}
