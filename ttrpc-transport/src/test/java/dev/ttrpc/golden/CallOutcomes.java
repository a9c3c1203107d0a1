package dev.ttrpc.golden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.fail;

import dev.ttrpc.TtrpcException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * How a call against a {@link RawPeer} ended, waited for within {@link RawPeer#READ_TIMEOUT} so that a call the
 * client never ends fails the test instead of hanging it.
 */
public final class CallOutcomes {
  private CallOutcomes() {}

  /** The call's result; fails the test if the call failed or did not end in time. */
  public static <T> T result(CompletableFuture<T> call) throws Exception {
    return call.get(RawPeer.READ_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  /** The {@link TtrpcException} the call failed with; fails the test if it succeeded or failed otherwise. */
  public static TtrpcException failure(CompletableFuture<?> call) throws Exception {
    try {
      Object r = call.get(RawPeer.READ_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      return fail("expected the call to fail, it returned " + r);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(TtrpcException.class);
      return (TtrpcException) e.getCause();
    }
  }

  /**
   * The {@link TtrpcException} a blocking stream operation (receive, send) threw; fails the test if it threw none.
   */
  public static TtrpcException thrown(ThrowingCallable streamOperation) {
    TtrpcException e = catchThrowableOfType(streamOperation, TtrpcException.class);
    assertThat(e).isNotNull();
    return e;
  }
}
