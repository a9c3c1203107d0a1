package dev.ttrpc.demo.host;

import java.time.Instant;

/**
 * How a process ended.
 *
 * @param status the exit code, or 128 + the signal's number when a signal ended it (137 after SIGKILL)
 * @param at when the exit was seen
 */
public record ProcessExit(int status, Instant at) {
}
