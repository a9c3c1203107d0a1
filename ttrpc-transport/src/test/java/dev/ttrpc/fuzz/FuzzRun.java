package dev.ttrpc.fuzz;

import java.util.SplittableRandom;

/**
 * The settings of one fuzz run, read once per test JVM from system properties: the run seed every case seed derives
 * from ({@code -Dfuzz.seed}, random when absent, so that each CI run explores new inputs) and how many cases each
 * fuzz test runs ({@code -Dfuzz.tries} for every test, or {@code -Dfuzz.multiplier} to scale each test's own count
 * for a longer soak). {@code -Dfuzz.case} runs a single case from its case seed.
 */
final class FuzzRun {
  static final String SEED = "fuzz.seed";
  static final String TRIES = "fuzz.tries";
  static final String MULTIPLIER = "fuzz.multiplier";
  static final String CASE = "fuzz.case";

  private static final FuzzRun CURRENT = fromSystemProperties();

  private final long seed;
  private final Integer tries;
  private final double multiplier;
  private final Long onlyCase;

  /** Settings given directly ({@code tries} and {@code onlyCase} may be null), for testing the runner itself. */
  FuzzRun(long seed, Integer tries, double multiplier, Long onlyCase) {
    this.seed = seed;
    this.tries = tries;
    this.multiplier = multiplier;
    this.onlyCase = onlyCase;
  }

  /** The run's settings; the first call prints the run seed, so that a red CI log always shows how to rerun it. */
  static FuzzRun current() {
    return CURRENT;
  }

  private static FuzzRun fromSystemProperties() {
    String given = System.getProperty(SEED);
    long seed = given == null ? new SplittableRandom().nextLong() : parseLong(SEED, given);
    Integer tries = System.getProperty(TRIES) == null ? null : (int) parseLong(TRIES, System.getProperty(TRIES));
    if (tries != null && tries < 1) {
      throw new IllegalArgumentException("-D" + TRIES + " must be at least 1, was " + tries);
    }
    double multiplier = parseMultiplier(System.getProperty(MULTIPLIER, "1"));
    Long onlyCase = System.getProperty(CASE) == null ? null : parseLong(CASE, System.getProperty(CASE));
    System.out.println("fuzz: run seed " + seed + (given == null ? " (random)" : " (from -D" + SEED + ")")
        + "; rerun this run with -D" + SEED + "=" + seed);
    return new FuzzRun(seed, tries, multiplier, onlyCase);
  }

  private static long parseLong(String property, String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("-D" + property + " must be a whole number, was '" + value + "'", e);
    }
  }

  private static double parseMultiplier(String value) {
    try {
      double m = Double.parseDouble(value.trim());
      if (m > 0 && Double.isFinite(m)) {
        return m;
      }
    } catch (NumberFormatException e) {
      // reported below with the value that was given
    }
    throw new IllegalArgumentException("-D" + MULTIPLIER + " must be a number above 0, was '" + value + "'");
  }

  long seed() {
    return seed;
  }

  /** The case seed given with {@code -Dfuzz.case}, or null to run every case. */
  Long onlyCase() {
    return onlyCase;
  }

  /** How many cases a test whose CI count is {@code ciTries} runs in this run. */
  int tries(int ciTries) {
    if (tries != null) {
      return tries;
    }
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.round(ciTries * multiplier)));
  }
}
