package dev.ttrpc.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import com.google.protobuf.CodedOutputStream;
import dev.ttrpc.Code;
import dev.ttrpc.MethodDescriptor;
import dev.ttrpc.MethodType;
import dev.ttrpc.TtrpcException;
import dev.ttrpc.codec.Frames;
import dev.ttrpc.testing.EchoServer;
import dev.ttrpc.testing.EchoService;
import dev.ttrpc.testing.Poll;
import dev.ttrpc.transport.Connection;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A peer that sends but stops reading must not make the server hold its answers without bound: past the
 * connection's byte budget the server stops reading from it, and streaming handlers wait in {@code send}.
 */
class SlowReaderTest {
  private static final int BUDGET = 256 << 10;
  private static final int SIZE = 16 << 10;
  private static final MethodDescriptor<BytesValue, BytesValue> FLOOD = MethodDescriptor.of("test.Flood", "Flood",
      MethodType.SERVER_STREAMING, BytesValue.parser(), BytesValue.parser());

  @Test
  void answersWaitingForAPeerThatDoesNotReadStayWithinTheBudget() throws Exception {
    int requests = 400;
    try (EchoServer server = new EchoServer(b -> b.maxBytesInFlightPerConnection(BUDGET), EchoService.definition());
        SocketChannel peer = dial(server)) {
      CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
        for (int id = 1, i = 0; i < requests; i++, id += 2) {
          write(peer, request(id, EchoService.NAME, "Echo", BytesValue.of(ByteString.copyFrom(new byte[SIZE]))));
        }
      }, r -> new Thread(r, "slow-reader-writer").start());

      // Every call taken in is answered, the answers pile up unread, and the server stops reading: for good, as
      // only the peer reading can bring the queue back under the budget.
      TtrpcServer s = server.server();
      Poll.until("the server stops reading the peer that does not read",
          () -> s.pausedConnections() == 1 && s.callsInFlight() == 0 && s.queuedAnswerBytes() > BUDGET);
      // Answers over the budget come only from the requests the server had taken in when it stopped reading: at most
      // a budget's worth being served, and those of the one read it was decoding.
      assertThat(s.queuedAnswerBytes()).isLessThanOrEqualTo(2L * BUDGET + Connection.BUFFER_SIZE + SIZE);
      assertThat(writing).isNotDone();

      int answered = readAnswers(peer, requests);
      writing.get(30, TimeUnit.SECONDS);
      assertThat(answered).isEqualTo(requests);
    }
  }

  @Test
  void aStreamingHandlerWaitsInSendWhileThePeerDoesNotRead() throws Exception {
    AtomicInteger sent = new AtomicInteger();
    AtomicReference<Throwable> ended = new AtomicReference<>();
    CountDownLatch handlerDone = new CountDownLatch(1);
    ServiceDefinition flood = ServiceDefinition.builder("test.Flood").stream(FLOOD, stream -> {
      try {
        BytesValue message = BytesValue.of(ByteString.copyFrom(new byte[SIZE]));
        while (true) {
          stream.send(message);
          sent.incrementAndGet();
        }
      } catch (RuntimeException e) {
        ended.set(e);
        throw e;
      } finally {
        handlerDone.countDown();
      }
    }).build();
    try (EchoServer server = new EchoServer(b -> b.maxBytesInFlightPerConnection(BUDGET), flood)) {
      TtrpcServer s = server.server();
      try (SocketChannel peer = dial(server)) {
        write(peer, request(1, "test.Flood", "Flood", BytesValue.getDefaultInstance()));
        Poll.until("the handler fills the budget", () -> s.queuedAnswerBytes() > BUDGET);
        // A send that takes the queue over the budget is the last one until the peer reads.
        assertThat(s.queuedAnswerBytes()).isLessThanOrEqualTo(BUDGET + SIZE + Frames.HEADER_LENGTH + 16L);
        assertThat(handlerDone.getCount()).isEqualTo(1);
      }
      // The peer hangs up: the waiting handler's call is cancelled and its send gives up.
      assertThat(handlerDone.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(ended.get()).isInstanceOfSatisfying(TtrpcException.class,
          e -> assertThat(e.code()).isEqualTo(Code.CANCELLED));
      Poll.until("the connection is forgotten", () -> s.connectionCount() == 0);
    }
  }

  private static SocketChannel dial(EchoServer server) throws IOException {
    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    channel.connect(UnixDomainSocketAddress.of(Path.of(server.address().substring("unix://".length()))));
    return channel;
  }

  /** A Request frame: the envelope's service (1), method (2) and payload (3) fields. */
  private static ByteBuffer request(int streamId, String service, String method, BytesValue payload) {
    try {
      byte[] body = payload.toByteArray();
      int length = CodedOutputStream.computeStringSize(1, service) + CodedOutputStream.computeStringSize(2, method)
          + CodedOutputStream.computeByteArraySize(3, body);
      ByteBuffer frame = ByteBuffer.allocate(Frames.HEADER_LENGTH + length);
      frame.putInt(length).putInt(streamId).put((byte) Frames.TYPE_REQUEST).put((byte) 0);
      CodedOutputStream out = CodedOutputStream.newInstance(frame);
      out.writeString(1, service);
      out.writeString(2, method);
      out.writeByteArray(3, body);
      out.flush();
      frame.position(frame.capacity());
      return frame.flip();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void write(SocketChannel channel, ByteBuffer frame) {
    try {
      while (frame.hasRemaining()) {
        channel.write(frame);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads frames until {@code count} Responses came; returns how many of them carried no error status. */
  private static int readAnswers(SocketChannel channel, int count) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(Frames.HEADER_LENGTH);
    int ok = 0;
    for (int seen = 0; seen < count; ) {
      header.clear();
      readFully(channel, header);
      int length = header.getInt(0);
      int type = header.get(8);
      ByteBuffer payload = ByteBuffer.allocate(length);
      readFully(channel, payload);
      if (type == Frames.TYPE_RESPONSE) {
        seen++;
        // A Response with an error carries its status in field 1 (tag 0x0a); a success only the payload (0x12).
        ok += length == 0 || payload.get(0) != 0x0a ? 1 : 0;
      }
    }
    return ok;
  }

  private static void readFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      if (channel.read(buffer) < 0) {
        throw new IOException("the server closed the connection");
      }
    }
  }
}
