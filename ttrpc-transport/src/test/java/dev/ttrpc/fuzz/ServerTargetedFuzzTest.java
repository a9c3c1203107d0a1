package dev.ttrpc.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ttrpc.Code;
import dev.ttrpc.codec.proto.Response;
import dev.ttrpc.golden.RawFrame;
import dev.ttrpc.golden.RawPeer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Generated sequences of frames whose answers are known ({@link TargetedCase}): each stream gets exactly the
 * statuses it must, no other stream gets anything, and {@link FuzzedServer}'s common checks hold.
 */
class ServerTargetedFuzzTest {
  @AutoClose
  private final FuzzedServer server = FuzzedServer.started();

  static final int TRIES = 300;

  @Test
  void eachStreamGetsTheStatusItMust() {
    SeededFuzz.run(getClass(), "eachStreamGetsTheStatusItMust", TRIES, fuzzCase -> {
      TargetedCase c = TargetedCase.generate(fuzzCase.random().nextLong(), FuzzedServer.MAX);
      fuzzCase.note(c.toString());
      fuzzCase.input(c.bytes());
      checkAnswers(c);
    });
  }

  private void checkAnswers(TargetedCase c) throws Exception {
    FuzzedServer.Exchange result = server.run(c.bytes(), c::settled);
    Map<Integer, List<Code>> answers = new LinkedHashMap<>();
    for (RawFrame f : result.received()) {
      if (f.streamId() != (int) result.sentinelId()) {
        answers.computeIfAbsent(f.streamId(), k -> new ArrayList<>()).add(code(f));
      }
    }
    for (Map.Entry<Integer, List<Code>> e : answers.entrySet()) {
      int stream = e.getKey();
      List<Code> got = e.getValue();
      String what = "answers on stream " + Integer.toUnsignedString(stream) + " for " + c;
      if (c.anyOrNone.contains(stream)) {
        assertThat(got).as(what).hasSizeLessThanOrEqualTo(1);
      } else if (c.reused.contains(stream)) {
        Set<Code> allowed = new HashSet<>();
        c.expected.get(stream).forEach(allowed::addAll);
        assertThat(got).as(what).contains(Code.INVALID_ARGUMENT).hasSizeLessThanOrEqualTo(c.expected.get(stream)
            .size());
        assertThat(allowed).as(what).containsAll(got);
      } else {
        assertThat(c.expected).as("%s: this stream must get no answer", what).containsKey(stream);
        assertThat(matches(got, c.expected.get(stream))).as(what + ": got " + got).isTrue();
      }
    }
    for (Map.Entry<Integer, List<Set<Code>>> e : c.expected.entrySet()) {
      assertThat(answers).as("stream %s must be answered, for %s; got %s", Integer.toUnsignedString(e.getKey()), c,
          answers).containsKey(e.getKey());
    }
  }

  private static Code code(RawFrame f) {
    assertThat(f.type()).as("%s: these calls are unary, answered by Responses", f).isEqualTo(RawFrame.RESPONSE);
    try {
      Response env = RawPeer.envelope(f);
      return Code.forNumber(env.getStatus().getCode());
    } catch (IOException e) {
      throw new AssertionError("an answer that is not a Response envelope: " + f, e);
    }
  }

  /** Whether each code can be paired with its own acceptable set (the tightest sets are paired first). */
  private static boolean matches(List<Code> got, List<Set<Code>> expected) {
    if (got.size() != expected.size()) {
      return false;
    }
    List<Set<Code>> left = new ArrayList<>(expected);
    left.sort(Comparator.comparingInt(Set::size));
    for (Code code : got) {
      Set<Code> match = left.stream().filter(s -> s.contains(code)).findFirst().orElse(null);
      if (match == null) {
        return false;
      }
      left.remove(match);
    }
    return true;
  }
}
