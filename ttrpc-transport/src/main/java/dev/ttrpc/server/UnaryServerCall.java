package dev.ttrpc.server;

import com.google.protobuf.MessageLite;
import dev.ttrpc.Code;
import dev.ttrpc.Metadata;
import dev.ttrpc.Status;
import java.util.List;

/** A unary call: one request in, one Response out. */
final class UnaryServerCall<Q extends MessageLite, R extends MessageLite> extends ServerCall<Q, R> {
  private final Q request;

  UnaryServerCall(ServerConnection connection, ServiceDefinition.Method<Q, R> method, int streamId, Q request,
      Metadata metadata, long timeoutNanos) {
    super(connection, method, streamId, metadata, timeoutNanos);
    this.request = request;
  }

  @Override
  public void run() {
    if (isFinished()) {
      return;
    }
    R response;
    try {
      response = invoke(0, request, this);
    } catch (Throwable t) {
      finishWithError(statusOf(t));
      return;
    }
    if (response == null) {
      finishWithError(Status.of(Code.INTERNAL, "handler of " + method.descriptor().fullName()
          + " returned no response"));
      return;
    }
    finishWithResponse(response);
  }

  private R invoke(int index, Q req, ServerContext context) throws Exception {
    List<ServerInterceptor> interceptors = connection.config().interceptors();
    if (index == interceptors.size()) {
      return method.unary().handle(req, context);
    }
    return interceptors.get(index).interceptUnary(method.descriptor(), req, context,
        (r, ctx) -> invoke(index + 1, r, ctx));
  }
}
