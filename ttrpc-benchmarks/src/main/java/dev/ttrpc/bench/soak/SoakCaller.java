package dev.ttrpc.bench.soak;

import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import com.google.protobuf.UnsafeByteOperations;
import dev.ttrpc.bench.BenchProtocol;
import dev.ttrpc.client.CallOptions;
import dev.ttrpc.client.ClientStream;
import dev.ttrpc.client.TtrpcClient;

/**
 * Makes one soak call of a {@link CallKind} and checks every response against the request it answers (see
 * {@link SoakPayload}), recording the answered sequence numbers in the {@link AnswerLedger}. Transport failures
 * are thrown to the caller, which classifies them by status code.
 */
final class SoakCaller {
  private final TtrpcClient client;
  private final AnswerLedger ledger;
  private final CallOptions options;

  SoakCaller(TtrpcClient client, AnswerLedger ledger, CallOptions options) {
    this.client = client;
    this.ledger = ledger;
    this.options = options;
  }

  Outcome call(long seq, CallKind kind) {
    return switch (kind.method()) {
      case "Echo" -> echo(seq, kind);
      case "Repeat" -> repeat(seq, kind);
      case "Sum" -> sum(seq, kind);
      case "Chat" -> chat(seq, kind);
      default -> throw new IllegalArgumentException("no soak call for method " + kind.method());
    };
  }

  private Outcome echo(long seq, CallKind kind) {
    BytesValue response = client.call(BenchProtocol.ECHO, message(seq, 0, kind, 0), options);
    return answered(seq, response.getValue(), 0, 0, kind, 0);
  }

  private Outcome repeat(long seq, CallKind kind) {
    try (ClientStream<BytesValue, BytesValue> stream =
        client.openStream(BenchProtocol.REPEAT, message(seq, 0, kind, kind.msgs()), options)) {
      int received = 0;
      for (BytesValue m = stream.receive(); m != null; m = stream.receive()) {
        if (received == kind.msgs()) {
          return Outcome.DUPLICATED;
        }
        if (!SoakPayload.matches(m.getValue(), 0, seq, 0, kind.size(), kind.msgs()) || m.getValue().size() != kind.size()) {
          return wrongAnswer(seq, m.getValue(), 0);
        }
        received++;
      }
      return received < kind.msgs() ? Outcome.LOST : mark(seq);
    }
  }

  private Outcome sum(long seq, CallKind kind) {
    ByteString all;
    try (ClientStream<BytesValue, BytesValue> stream = client.openStream(BenchProtocol.SUM, options)) {
      for (int i = 0; i < kind.msgs(); i++) {
        stream.send(message(seq, i, kind, 0));
      }
      all = stream.closeAndReceive().getValue();
    }
    int expected = kind.msgs() * kind.size();
    if (all.size() != expected) {
      return all.size() < expected ? Outcome.LOST : Outcome.DUPLICATED;
    }
    for (int i = 0; i < kind.msgs(); i++) {
      if (!SoakPayload.matches(all, i * kind.size(), seq, i, kind.size(), 0)) {
        return wrongAnswer(seq, all, i * kind.size());
      }
    }
    return mark(seq);
  }

  private Outcome chat(long seq, CallKind kind) {
    try (ClientStream<BytesValue, BytesValue> stream = client.openStream(BenchProtocol.CHAT, options)) {
      for (int i = 0; i < kind.msgs(); i++) {
        stream.send(message(seq, i, kind, 0));
        BytesValue echo = stream.receive();
        if (echo == null) {
          return Outcome.LOST;
        }
        Outcome o = answered(seq, echo.getValue(), 0, i, kind, 0);
        if (o != Outcome.OK) {
          return o;
        }
      }
      stream.closeSend();
      return stream.receive() == null ? mark(seq) : Outcome.DUPLICATED;
    }
  }

  private static BytesValue message(long seq, int index, CallKind kind, int first) {
    return BytesValue.of(UnsafeByteOperations.unsafeWrap(SoakPayload.build(seq, index, kind.size(), first)));
  }

  /** Checks one response; marks the call answered when it is a complete unary answer. */
  private Outcome answered(long seq, ByteString got, int offset, int index, CallKind kind, int first) {
    if (got.size() != kind.size() || !SoakPayload.matches(got, offset, seq, index, kind.size(), first)) {
      return wrongAnswer(seq, got, offset);
    }
    return "Echo".equals(kind.method()) ? mark(seq) : Outcome.OK;
  }

  private Outcome mark(long seq) {
    return ledger.markAnswered(seq) ? Outcome.OK : Outcome.DUPLICATED;
  }

  /** A response carrying another call's sequence number, already answered, is a duplicate; else a mismatch. */
  private Outcome wrongAnswer(long seq, ByteString got, int offset) {
    long other = SoakPayload.seqOf(got, offset);
    return other != seq && ledger.isAnswered(other) ? Outcome.DUPLICATED : Outcome.MISMATCHED;
  }
}
