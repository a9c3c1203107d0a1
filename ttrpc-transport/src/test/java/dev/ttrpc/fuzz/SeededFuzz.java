package dev.ttrpc.fuzz;

import java.util.SplittableRandom;

/**
 * Runs a fuzz test's cases with plain JUnit: each case from its own seed, drawn from the run seed and the test's
 * name (so that tests of one run get different cases), until the first failure, which is rethrown naming the run
 * seed, the case seed, the input and how to rerun either.
 */
final class SeededFuzz {
  /** One case's checks; it draws its inputs from {@link FuzzCase#random()}. */
  @FunctionalInterface
  interface CaseBody {
    void check(FuzzCase fuzzCase) throws Exception;
  }

  /** Cut from a failure's own message in the summary line; the cause below keeps it whole. */
  private static final int SHOWN_CAUSE_CHARS = 2000;

  private SeededFuzz() {}

  /** Runs {@code ciTries} cases (as scaled by the run's settings) of the test {@code testClass#method}. */
  static void run(Class<?> testClass, String method, int ciTries, CaseBody body) {
    run(FuzzRun.current(), testClass, method, ciTries, body);
  }

  /** As {@link #run(Class, String, int, CaseBody)}, with the given settings instead of the JVM's. */
  static void run(FuzzRun run, Class<?> testClass, String method, int ciTries, CaseBody body) {
    String test = testClass.getSimpleName() + "#" + method;
    if (run.onlyCase() != null) {
      runCase(run, test, 1, 1, new FuzzCase(run.onlyCase()), body);
      return;
    }
    // The name enters the mix so that two tests of a run do not draw the same seeds.
    SplittableRandom caseSeeds = new SplittableRandom(run.seed() ^ (0x9E3779B97F4A7C15L * test.hashCode()));
    int tries = run.tries(ciTries);
    for (int i = 1; i <= tries; i++) {
      runCase(run, test, i, tries, new FuzzCase(caseSeeds.nextLong()), body);
    }
  }

  private static void runCase(FuzzRun run, String test, int index, int tries, FuzzCase fuzzCase, CaseBody body) {
    try {
      body.check(fuzzCase);
    } catch (Throwable failure) {
      if (failure instanceof VirtualMachineError fatal) {
        throw fatal;
      }
      String why = String.valueOf(failure.getMessage());
      if (why.length() > SHOWN_CAUSE_CHARS) {
        why = why.substring(0, SHOWN_CAUSE_CHARS) + "... (cut; see the cause below)";
      }
      throw new AssertionError(test + ": case " + index + " of " + tries + " failed\n"
          + "  run seed " + run.seed() + ", case seed " + fuzzCase.seed() + "\n"
          + "  rerun this case: -Dtest='" + test + "' -D" + FuzzRun.CASE + "=" + fuzzCase.seed() + "\n"
          + (run.onlyCase() != null ? "  (the one case given with -D" + FuzzRun.CASE + ")\n"
              : "  rerun the run:   -D" + FuzzRun.SEED + "=" + run.seed() + "\n")
          + "  " + fuzzCase.describeInput() + "\n"
          + "  " + failure.getClass().getSimpleName() + ": " + why, failure);
    }
  }
}
