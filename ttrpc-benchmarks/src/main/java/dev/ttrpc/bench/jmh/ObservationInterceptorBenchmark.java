package dev.ttrpc.bench.jmh;

import com.google.protobuf.BytesValue;
import com.google.protobuf.MessageLite;
import dev.ttrpc.MethodDescriptor;
import dev.ttrpc.bench.BenchProtocol;
import dev.ttrpc.client.CallOptions;
import dev.ttrpc.client.ClientInterceptor;
import dev.ttrpc.spring.observation.ObservationClientInterceptor;
import dev.ttrpc.spring.observation.TtrpcMeterObservationHandler;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler.IgnoredMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the starter's {@link ObservationClientInterceptor} adds to one unary call, without any I/O: the next step of
 * the chain answers at once with a completed future. Run with {@code -t 16} to see it under the starter-overhead
 * benchmark's concurrency, and with {@code -prof gc} for the allocation per call.
 *
 * <p>{@code handler}: {@code none} is the interceptor on a registry without handlers (what it costs itself),
 * {@code meters} is Micrometer's {@link DefaultMeterObservationHandler} as Spring Boot configures it (a timer and
 * a long-task timer per observation), {@code metersWithoutLongTaskTimer} the same with
 * {@link IgnoredMeters#LONG_TASK_TIMER}; {@code starter} and {@code starterWithoutLongTaskTimer} put the starter's
 * {@link TtrpcMeterObservationHandler} first, as Spring Boot groups meter handlers (the first that supports an
 * observation handles it); {@code bare} is the call without the interceptor.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ObservationInterceptorBenchmark {
  @Param({"bare", "none", "empty", "meters", "metersWithoutLongTaskTimer", "starter", "starterWithoutLongTaskTimer"})
  public String handler;

  private static final MethodDescriptor<BytesValue, BytesValue> METHOD = BenchProtocol.ECHO;
  private static final BytesValue REQUEST = BytesValue.getDefaultInstance();
  private static final CompletableFuture<BytesValue> ANSWER = CompletableFuture.completedFuture(REQUEST);

  private ClientInterceptor interceptor;
  private final ClientInterceptor.UnaryInvoker answerAtOnce = new ClientInterceptor.UnaryInvoker() {
    @Override
    @SuppressWarnings("unchecked")
    public <Q extends MessageLite, R extends MessageLite> CompletableFuture<R> invoke(
        MethodDescriptor<Q, R> method, Q request, CallOptions options) {
      return (CompletableFuture<R>) ANSWER.copy();
    }
  };

  @Setup
  public void setUp() {
    ObservationRegistry observations = ObservationRegistry.create();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    switch (handler) {
      case "bare", "none" -> { }
      case "empty" -> observations.observationConfig().observationHandler(context -> true);
      case "meters" -> observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
      case "metersWithoutLongTaskTimer" -> observations.observationConfig()
          .observationHandler(new DefaultMeterObservationHandler(meters, IgnoredMeters.LONG_TASK_TIMER));
      case "starter" -> observations.observationConfig().observationHandler(new FirstMatchingCompositeObservationHandler(
          new TtrpcMeterObservationHandler(meters, true), new DefaultMeterObservationHandler(meters)));
      case "starterWithoutLongTaskTimer" -> observations.observationConfig().observationHandler(
          new FirstMatchingCompositeObservationHandler(new TtrpcMeterObservationHandler(meters, false),
              new DefaultMeterObservationHandler(meters, IgnoredMeters.LONG_TASK_TIMER)));
      default -> throw new IllegalArgumentException("unknown handler " + handler);
    }
    interceptor = handler.equals("bare")
        ? new ClientInterceptor() { }
        : new ObservationClientInterceptor("bench", observations, null);
  }

  @Benchmark
  public BytesValue unaryCall() {
    return interceptor.interceptUnary(METHOD, REQUEST, CallOptions.DEFAULT, answerAtOnce).join();
  }
}
