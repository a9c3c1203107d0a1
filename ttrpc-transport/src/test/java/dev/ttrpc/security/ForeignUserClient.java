package dev.ttrpc.security;

import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import dev.ttrpc.TtrpcException;
import dev.ttrpc.client.Backoff;
import dev.ttrpc.client.TtrpcClient;
import dev.ttrpc.testing.EchoService;
import java.time.Duration;

/**
 * A client run in a separate JVM, as another user, by {@link HandshakeRequiresRootTest}: makes one Echo call and
 * prints its outcome on one line ({@code OUTCOME OK} or {@code OUTCOME <code> <message>}).
 */
public final class ForeignUserClient {
  private ForeignUserClient() {}

  public static void main(String[] args) {
    String outcome;
    try (TtrpcClient client = TtrpcClient.builder(args[0]).reconnect(false, Backoff.DEFAULT)
        .defaultTimeout(Duration.ofSeconds(20)).build()) {
      client.call(EchoService.ECHO, BytesValue.of(ByteString.copyFromUtf8("from another user")));
      outcome = "OK";
    } catch (TtrpcException e) {
      outcome = e.code() + " " + e.getMessage();
    }
    System.out.println("OUTCOME " + outcome);
  }
}
