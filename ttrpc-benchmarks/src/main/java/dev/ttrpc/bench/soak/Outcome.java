package dev.ttrpc.bench.soak;

/**
 * How one soak call ended.
 *
 * <ul>
 *   <li>{@link #OK}: every expected response arrived, each byte for byte what was sent.
 *   <li>{@link #LOST}: an answer, or a message of a stream, never came (the deadline passed, or the stream ended short).
 *   <li>{@link #DUPLICATED}: an answer came twice: a stream sent more than asked, or a call got the answer of a call
 *       that was already answered.
 *   <li>{@link #MISMATCHED}: an answer came with the wrong bytes.
 *   <li>{@link #FAILED}: the call failed with another status (see the error codes).
 * </ul>
 */
enum Outcome {
  OK, LOST, DUPLICATED, MISMATCHED, FAILED
}
