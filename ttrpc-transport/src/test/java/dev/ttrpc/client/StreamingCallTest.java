package dev.ttrpc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.BytesValue;
import dev.ttrpc.Code;
import dev.ttrpc.Metadata;
import dev.ttrpc.MethodDescriptor;
import dev.ttrpc.MethodType;
import dev.ttrpc.TtrpcException;
import dev.ttrpc.server.ServiceDefinition;
import dev.ttrpc.testing.Bytes;
import dev.ttrpc.testing.EchoServer;
import dev.ttrpc.testing.EchoService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StreamingCallTest {
  private static final String SVC = "test.streams.v1.Streams";
  private static final MethodDescriptor<BytesValue, BytesValue> FAIL_AFTER_TWO =
      MethodDescriptor.of(SVC, "FailAfterTwo", MethodType.SERVER_STREAMING, BytesValue.parser(), BytesValue.parser());
  private static final MethodDescriptor<BytesValue, BytesValue> METADATA =
      MethodDescriptor.of(SVC, "Metadata", MethodType.SERVER_STREAMING, BytesValue.parser(), BytesValue.parser());
  private static final MethodDescriptor<BytesValue, BytesValue> WAIT =
      MethodDescriptor.of(SVC, "Wait", MethodType.BIDI_STREAMING, BytesValue.parser(), BytesValue.parser());

  private final CountDownLatch waitCancelled = new CountDownLatch(1);
  private EchoServer server;
  private TtrpcClient client;

  @BeforeEach
  void start() {
    ServiceDefinition extra = ServiceDefinition.builder(SVC)
        .stream(FAIL_AFTER_TWO, s -> {
          s.receive();
          s.send(Bytes.value("1"));
          s.send(Bytes.value("2"));
          throw TtrpcException.of(Code.ABORTED, "stopped after two");
        })
        .stream(METADATA, s -> {
          s.receive();
          s.metadata().forEach((k, v) -> s.send(Bytes.value(k + "=" + v)));
          s.send(Bytes.value("deadline=" + s.hasDeadline()));
          return null;
        })
        .stream(WAIT, s -> {
          s.onCancel(waitCancelled::countDown);
          while (s.receive() != null) {
            // Drain until the client or the deadline ends the call.
          }
          return null;
        })
        .build();
    server = new EchoServer(b -> b, EchoService.definition(), extra);
    client = server.connect();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void serverStreamingDeliversEveryMessageThenEnds() {
    ClientStream<BytesValue, BytesValue> s = client.openStream(EchoService.REPEAT, Bytes.raw(5, 42),
        CallOptions.DEFAULT);
    List<BytesValue> got = drain(s);
    assertThat(got).hasSize(5).allSatisfy(m -> assertThat(m).isEqualTo(Bytes.raw(5, 42)));
    assertThat(s.receive()).isNull();
  }

  @Test
  void serverStreamingOfZeroMessagesEndsAtOnce() {
    assertThat(drain(client.openStream(EchoService.REPEAT, Bytes.raw(0), CallOptions.DEFAULT))).isEmpty();
  }

  @Test
  void clientStreamingConcatenates() {
    ClientStream<BytesValue, BytesValue> s = client.openStream(EchoService.SUM, CallOptions.DEFAULT);
    s.send(Bytes.value("foo"));
    s.send(Bytes.value("bar"));
    s.send(Bytes.value("baz"));
    assertThat(s.closeAndReceive().getValue().toStringUtf8()).isEqualTo("foobarbaz");
    assertThat(s.receive()).isNull();
  }

  @Test
  void clientStreamingWithNoMessagesAnswersEmpty() {
    ClientStream<BytesValue, BytesValue> s = client.openStream(EchoService.SUM, CallOptions.DEFAULT);
    assertThat(s.closeAndReceive()).isEqualTo(BytesValue.getDefaultInstance());
  }

  @Test
  void bidiEchoesInOrderIncludingEmptyMessages() {
    ClientStream<BytesValue, BytesValue> s = client.openStream(EchoService.CHAT, CallOptions.DEFAULT);
    for (int i = 0; i < 100; i++) {
      s.send(i % 10 == 0 ? BytesValue.getDefaultInstance() : Bytes.value("m" + i));
    }
    s.closeSend();
    List<BytesValue> got = drain(s);
    assertThat(got).hasSize(100);
    for (int i = 0; i < 100; i++) {
      assertThat(got.get(i)).isEqualTo(i % 10 == 0 ? BytesValue.getDefaultInstance() : Bytes.value("m" + i));
    }
  }

  @Test
  void manyStreamsInterleaveOnOneConnection() throws Exception {
    List<Thread> threads = new ArrayList<>();
    List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
    for (int t = 0; t < 16; t++) {
      int id = t;
      Thread thread = new Thread(() -> {
        try {
          ClientStream<BytesValue, BytesValue> s = client.openStream(EchoService.CHAT, CallOptions.DEFAULT);
          for (int i = 0; i < 50; i++) {
            BytesValue m = Bytes.value(id + ":" + i);
            s.send(m);
            assertThat(s.receive()).isEqualTo(m);
          }
          s.closeSend();
          assertThat(s.receive()).isNull();
        } catch (Throwable e) {
          errors.add(e);
        }
      });
      thread.start();
      threads.add(thread);
    }
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(30));
    }
    assertThat(errors).isEmpty();
    assertThat(server.server().connectionCount()).isEqualTo(1);
  }

  @Test
  void anErrorEndsTheStreamAfterTheMessagesSentBeforeIt() {
    ClientStream<BytesValue, BytesValue> s = client.openStream(FAIL_AFTER_TWO, Bytes.value("go"), CallOptions.DEFAULT);
    assertThat(s.receive()).isEqualTo(Bytes.value("1"));
    assertThat(s.receive()).isEqualTo(Bytes.value("2"));
    assertThatThrownBy(s::receive).isInstanceOfSatisfying(TtrpcException.class, e -> {
      assertThat(e.code()).isEqualTo(Code.ABORTED);
      assertThat(e.status().message()).isEqualTo("stopped after two");
    });
    assertThatThrownBy(s::receive).isInstanceOf(TtrpcException.class);
  }

  @Test
  void streamingCallsCarryMetadataAndDeadline() {
    ClientStream<BytesValue, BytesValue> s = client.openStream(METADATA, Bytes.value("x"),
        CallOptions.timeout(Duration.ofSeconds(30)).withMetadata(Metadata.of("K", "v1", "k", "v2")));
    assertThat(drain(s)).extracting(m -> m.getValue().toStringUtf8())
        .containsExactly("k=v1", "k=v2", "deadline=true");
  }

  @Test
  void deadlineEndsAStreamOnBothSides() throws Exception {
    ClientStream<BytesValue, BytesValue> s = client.openStream(WAIT, CallOptions.timeout(Duration.ofMillis(200)));
    assertThatThrownBy(s::receive).isInstanceOfSatisfying(TtrpcException.class,
        e -> assertThat(e.code()).isEqualTo(Code.DEADLINE_EXCEEDED));
    assertThat(waitCancelled.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void cancelFailsTheReceiver() {
    ClientStream<BytesValue, BytesValue> s = client.openStream(WAIT, CallOptions.DEFAULT);
    s.cancel();
    assertThatThrownBy(s::receive).isInstanceOfSatisfying(TtrpcException.class,
        e -> assertThat(e.code()).isEqualTo(Code.CANCELLED));
    assertThatThrownBy(() -> s.send(Bytes.value("late"))).isInstanceOf(TtrpcException.class);
  }

  @Test
  void sendAfterCloseSendIsRefused() {
    ClientStream<BytesValue, BytesValue> s = client.openStream(EchoService.CHAT, CallOptions.DEFAULT);
    s.closeSend();
    assertThatThrownBy(() -> s.send(Bytes.value("late"))).isInstanceOfSatisfying(TtrpcException.class,
        e -> assertThat(e.code()).isEqualTo(Code.FAILED_PRECONDITION));
    assertThat(s.receive()).isNull();
  }

  private static List<BytesValue> drain(ClientStream<BytesValue, BytesValue> s) {
    List<BytesValue> out = new ArrayList<>();
    for (BytesValue m = s.receive(); m != null; m = s.receive()) {
      out.add(m);
    }
    return out;
  }
}
