package dev.ttrpc.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ttrpc.client.TtrpcClient;
import dev.ttrpc.testing.Bytes;
import dev.ttrpc.testing.EchoService;
import dev.ttrpc.testing.TestSockets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.newsclub.net.unix.AFUNIXServerSocketChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

class SocketBindingTest {
  @Test
  void socketFileIsOwnerOnlyAndACreatedDirectoryToo() throws Exception {
    try (TestSockets sockets = new TestSockets()) {
      Path socket = sockets.path("sub/dir/s.sock");
      try (TtrpcServer server = serve("unix://" + socket)) {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())))
            .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent().getParent())))
            .isEqualTo("rwx------");
      }
      assertThat(socket).as("the socket file goes with the server").doesNotExist();
    }
  }

  @Test
  void aStaleSocketFileIsReplaced() throws Exception {
    try (TestSockets sockets = new TestSockets()) {
      Path socket = sockets.path("s.sock");
      AFUNIXServerSocketChannel dead = AFUNIXServerSocketChannel.open();
      dead.bind(AFUNIXSocketAddress.of(socket));
      dead.socket().setDeleteOnClose(false);
      dead.close();
      assertThat(socket).exists();
      try (TtrpcServer server = serve("unix://" + socket);
          TtrpcClient client = TtrpcClient.connect("unix://" + socket)) {
        assertThat(client.call(EchoService.ECHO, Bytes.value("fresh")).getValue().toStringUtf8()).isEqualTo("fresh");
      }
    }
  }

  @Test
  void aLiveServerIsNotStolenFrom() throws Exception {
    try (TestSockets sockets = new TestSockets(); TtrpcServer first = serve(sockets.address("s.sock"))) {
      assertThatThrownBy(() -> serve(sockets.address("s.sock")))
          .isInstanceOf(FileAlreadyExistsException.class).hasMessageContaining("live server");
      try (TtrpcClient client = TtrpcClient.connect(sockets.address("s.sock"))) {
        assertThat(client.call(EchoService.ECHO, Bytes.value("still")).getValue().toStringUtf8()).isEqualTo("still");
      }
    }
  }

  @Test
  void aSymlinkOrARegularFileAtThePathIsRefusedAndLeftAlone() throws Exception {
    try (TestSockets sockets = new TestSockets()) {
      Path target = Files.writeString(sockets.path("precious.txt"), "keep me");
      Path link = Files.createSymbolicLink(sockets.path("link.sock"), target);
      assertThatThrownBy(() -> serve("unix://" + link)).isInstanceOf(FileAlreadyExistsException.class)
          .hasMessageContaining("symbolic link");
      assertThatThrownBy(() -> serve("unix://" + target)).isInstanceOf(FileAlreadyExistsException.class)
          .hasMessageContaining("not a socket");
      assertThat(Files.readString(target)).isEqualTo("keep me");
      assertThat(Files.isSymbolicLink(link)).isTrue();
    }
  }

  @Test
  void aSymlinkToASocketElsewhereOrToNothingIsNeitherFollowedNorReplaced() throws Exception {
    try (TestSockets sockets = new TestSockets(); TestSockets elsewhere = new TestSockets()) {
      // A stale socket the server would replace if it were at the path itself.
      Path staleTarget = elsewhere.path("victim.sock");
      AFUNIXServerSocketChannel dead = AFUNIXServerSocketChannel.open();
      dead.bind(AFUNIXSocketAddress.of(staleTarget));
      dead.socket().setDeleteOnClose(false);
      dead.close();
      Object targetKey = Files.readAttributes(staleTarget, java.nio.file.attribute.BasicFileAttributes.class)
          .fileKey();
      Path toSocket = Files.createSymbolicLink(sockets.path("to-socket.sock"), staleTarget);
      assertThatThrownBy(() -> serve("unix://" + toSocket)).isInstanceOf(FileAlreadyExistsException.class)
          .hasMessageContaining("symbolic link");
      assertThat(Files.readAttributes(staleTarget, java.nio.file.attribute.BasicFileAttributes.class).fileKey())
          .as("the link's target is neither unlinked nor re-created").isEqualTo(targetKey);
      assertThat(Files.readSymbolicLink(toSocket)).isEqualTo(staleTarget);

      Path nowhere = elsewhere.path("not-yet.sock");
      Path dangling = Files.createSymbolicLink(sockets.path("dangling.sock"), nowhere);
      assertThatThrownBy(() -> serve("unix://" + dangling)).isInstanceOf(FileAlreadyExistsException.class)
          .hasMessageContaining("symbolic link");
      assertThat(nowhere).as("nothing is created through a dangling link").doesNotExist();
      assertThat(Files.isSymbolicLink(dangling)).isTrue();
    }
  }

  @Test
  void servesOnAnAbstractSocket() throws Exception {
    String name = "unix://@ttrpc-java-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    try (TtrpcServer server = serve(name); TtrpcClient client = TtrpcClient.connect(name)) {
      assertThat(client.call(EchoService.ECHO, Bytes.value("abstract")).getValue().toStringUtf8())
          .isEqualTo("abstract");
    }
    String containerdForm = "\0ttrpc-java-test-nul-" + System.nanoTime();
    try (TtrpcServer server = serve("unix://@" + containerdForm.substring(1));
        TtrpcClient client = TtrpcClient.connect(containerdForm)) {
      assertThat(client.call(EchoService.ECHO, Bytes.value("nul")).getValue().toStringUtf8()).isEqualTo("nul");
    }
  }

  private static TtrpcServer serve(String address) throws Exception {
    return TtrpcServer.builder(address).service(EchoService.definition()).build().start();
  }
}
