package dev.ttrpc.bench.soak;

/**
 * One kind of call in the soak mix: a method of the benchmark protocol, its payload size and, for streams, the
 * messages per call.
 *
 * @param method {@code Echo}, {@code Repeat}, {@code Sum} or {@code Chat}
 * @param size payload bytes of each request message
 * @param msgs messages per call (1 for {@code Echo})
 */
record CallKind(String method, int size, int msgs) {
  /** A short label for reports, e.g. {@code Echo/1024} or {@code Chat/1024x8}. */
  String label() {
    return msgs == 1 ? method + "/" + size : method + "/" + size + "x" + msgs;
  }
}
