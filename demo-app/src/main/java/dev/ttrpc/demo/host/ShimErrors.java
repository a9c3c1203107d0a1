package dev.ttrpc.demo.host;

import dev.ttrpc.Code;
import dev.ttrpc.TtrpcException;

/**
 * The errors this shim answers, with containerd's codes, and its runc shim's messages where containerd's tools
 * recognise them (the {@code ": not found"} suffix is how containerd's errdefs spell the kind of error).
 */
final class ShimErrors {
  private ShimErrors() {
  }

  static TtrpcException containerNotFound(String id) {
    return TtrpcException.of(Code.NOT_FOUND, "container " + id + ": not found");
  }

  static TtrpcException processNotFound(String execId) {
    return TtrpcException.of(Code.NOT_FOUND, "process does not exist " + execId + ": not found");
  }

  static TtrpcException processFinished() {
    return TtrpcException.of(Code.NOT_FOUND, "process already finished: not found");
  }

  static TtrpcException alreadyExists(String what, String id) {
    return TtrpcException.of(Code.ALREADY_EXISTS, what + " " + id + ": already exists");
  }

  static TtrpcException failedPrecondition(String message) {
    return TtrpcException.of(Code.FAILED_PRECONDITION, message);
  }

  static TtrpcException invalidArgument(String message) {
    return TtrpcException.of(Code.INVALID_ARGUMENT, message);
  }
}
