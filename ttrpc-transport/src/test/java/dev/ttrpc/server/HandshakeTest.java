package dev.ttrpc.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ttrpc.Code;
import dev.ttrpc.TtrpcException;
import dev.ttrpc.client.Backoff;
import dev.ttrpc.client.TtrpcClient;
import dev.ttrpc.testing.Bytes;
import dev.ttrpc.testing.EchoServer;
import dev.ttrpc.testing.EchoService;
import dev.ttrpc.transport.PeerCredentials;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HandshakeTest {
  @Test
  void sameUserIsTheDefaultAndAcceptsThisProcess() {
    try (EchoServer server = new EchoServer(); TtrpcClient client = server.connect()) {
      assertThat(client.call(EchoService.ECHO, Bytes.value("me")).getValue().toStringUtf8()).isEqualTo("me");
    }
  }

  @Test
  void aCustomCheckSeesThePeersCredentials() {
    AtomicReference<PeerCredentials> seen = new AtomicReference<>();
    Handshake recording = peer -> {
      seen.set(peer);
      return null;
    };
    try (EchoServer server = new EchoServer(b -> b.handshake(recording)); TtrpcClient client = server.connect()) {
      client.call(EchoService.ECHO, Bytes.value("x"));
      assertThat(seen.get().pid()).isEqualTo(ProcessHandle.current().pid());
      assertThat(seen.get().uid()).isEqualTo(Handshake.ProcessIdentity.UID);
    }
  }

  @Test
  void aRefusedPeerIsDisconnected() {
    long otherUid = Handshake.ProcessIdentity.UID + 4242;
    try (EchoServer server = new EchoServer(b -> b.handshake(Handshake.uidGid(otherUid, -1)));
        TtrpcClient client = TtrpcClient.builder(server.address()).reconnect(false, Backoff.DEFAULT).build()) {
      assertThatThrownBy(() -> client.call(EchoService.ECHO, Bytes.value("x")))
          .isInstanceOfSatisfying(TtrpcException.class, e -> assertThat(e.code()).isEqualTo(Code.UNAVAILABLE));
      assertThat(server.server().connectionCount()).isZero();
    }
  }

  @Test
  void builtInChecksSayWhyTheyRefuse() {
    PeerCredentials stranger = new PeerCredentials(1, 4242, 4242);
    assertThat(Handshake.root().check(stranger)).isEqualTo("peer uid 4242 is not root");
    assertThat(Handshake.root().check(new PeerCredentials(1, 0, 0))).isNull();
    assertThat(Handshake.uidGid(4242, -1).check(stranger)).isNull();
    assertThat(Handshake.uidGid(4242, 7).check(stranger)).contains("is not uid 4242 gid 7");
    assertThat(Handshake.any().check(PeerCredentials.UNKNOWN)).isNull();
    assertThat(Handshake.sameUser().check(stranger)).contains("peer uid 4242");
  }
}
