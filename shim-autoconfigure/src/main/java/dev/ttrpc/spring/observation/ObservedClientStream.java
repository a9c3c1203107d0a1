package dev.ttrpc.spring.observation;

import dev.ttrpc.Code;
import dev.ttrpc.Metadata;
import dev.ttrpc.MethodDescriptor;
import dev.ttrpc.client.ClientStream;
import io.micrometer.observation.Observation;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * A client stream whose observation stops, once, when the stream ends: OK when the server ended it normally (for a
 * client-streaming call, with its one response), the server's or the transport's code when a send or receive fails,
 * and CANCELLED when the caller abandons or closes the stream before its end.
 */
final class ObservedClientStream<Q, R> implements ClientStream<Q, R> {
  private final ClientStream<Q, R> delegate;
  private final boolean endsWithOneResponse;
  private final Observation observation;
  private final TtrpcClientObservationContext context;
  private final AtomicBoolean ended = new AtomicBoolean();

  ObservedClientStream(ClientStream<Q, R> delegate, MethodDescriptor<?, ?> method, Observation observation,
      TtrpcClientObservationContext context) {
    this.delegate = delegate;
    this.endsWithOneResponse = !method.type().serverStreams();
    this.observation = observation;
    this.context = context;
  }

  @Override
  public void send(Q message) {
    try {
      delegate.send(message);
    } catch (RuntimeException | Error e) {
      end(CallStatus.codeOf(e), e);
      throw e;
    }
  }

  @Override
  public void closeSend() {
    delegate.closeSend();
  }

  @Override
  public R receive() {
    R message;
    try {
      message = delegate.receive();
    } catch (RuntimeException | Error e) {
      end(CallStatus.codeOf(e), e);
      throw e;
    }
    if (message == null || endsWithOneResponse) {
      end(Code.OK, null);
    }
    return message;
  }

  @Override
  public void cancel() {
    delegate.cancel();
    end(Code.CANCELLED, null);
  }

  @Override
  public Metadata metadata() {
    return delegate.metadata();
  }

  @Override
  public void close() {
    try {
      delegate.close();
    } finally {
      end(Code.CANCELLED, null);
    }
  }

  /** Stops the observation unless the stream already ended: only its first end counts. */
  private void end(Code code, @Nullable Throwable failure) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    CallStatus.end(observation, context, code, failure == null ? null : CallStatus.unwrap(failure));
  }
}
