package dev.ttrpc.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import dev.ttrpc.client.TtrpcClient;
import dev.ttrpc.server.TtrpcServer;
import dev.ttrpc.testing.CapturedStderr;
import dev.ttrpc.testing.EchoService;
import dev.ttrpc.testing.Poll;
import dev.ttrpc.testing.TestSockets;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The default handshake (same user) against a real peer of another uid: a server running as root, whose socket
 * the test opens to everyone, disconnects a client run as nobody (uid 65534, via {@code setpriv}) and logs the
 * refused uid. CI runs as root; elsewhere the test fails with a clear message unless
 * {@value #SKIP_ENV} is set.
 */
@Timeout(120)
class HandshakeRequiresRootTest {
  static final String SKIP_ENV = "TTRPC_SKIP_ROOT_TESTS";
  static final int NOBODY = 65534;
  static final Duration BOUND = Duration.ofSeconds(60);

  @BeforeAll
  static void requireRoot() throws IOException {
    long uid = ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
    if (uid != 0 && System.getenv(SKIP_ENV) != null) {
      Assumptions.abort("not root and " + SKIP_ENV + " is set");
    }
    assertThat(uid).as("this test needs root (it runs a client as uid %d with setpriv); CI runs as root. "
        + "Set %s=1 to skip it elsewhere", NOBODY, SKIP_ENV).isZero();
  }

  @Test
  void aPeerOfAnotherUidIsDisconnectedAndTheRefusalNamesItsUid() throws Exception {
    try (TestSockets sockets = new TestSockets(); CapturedStderr log = new CapturedStderr()) {
      Path classpath = Files.createDirectories(sockets.path("cp"));
      try (TtrpcServer server = TtrpcServer.builder(sockets.address("s.sock"))
          .service(EchoService.definition()).build().start()) {
        // For this test only: let another user reach the socket, so that the handshake, not file modes, decides.
        Files.setPosixFilePermissions(sockets.dir(), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(sockets.path("s.sock"), PosixFilePermissions.fromString("rw-rw-rw-"));
        String javaClasspath = copyReadableClasspath(classpath);

        String outcome = runAsNobody(javaClasspath, sockets.address("s.sock"));
        assertThat(outcome).as("the foreign client's call").startsWith("OUTCOME UNAVAILABLE");
        Poll.until(BOUND, () -> log.text().contains("uid " + NOBODY),
            () -> "a server log line naming uid " + NOBODY + "; log so far:\n" + log.text());
        assertThat(log.text()).contains("refused a peer").containsPattern("uid " + NOBODY + ", gid " + NOBODY);
        assertThat(server.connectionCount()).as("no connection of the refused peer stays open").isZero();

        try (TtrpcClient sameUser = TtrpcClient.connect(sockets.address("s.sock"))) {
          assertThat(sameUser.call(EchoService.ECHO, BytesValue.of(ByteString.copyFromUtf8("root"))).getValue()
              .toStringUtf8()).as("the server's own user is still served").isEqualTo("root");
        }
      }
    }
  }

  /** Runs {@link ForeignUserClient} as nobody and returns its OUTCOME line. */
  private static String runAsNobody(String classpath, String address) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups",
        java, "-Djava.io.tmpdir=/tmp", "-Duser.home=/tmp", "-cp", classpath,
        ForeignUserClient.class.getName(), address);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    boolean ended = p.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS);
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!ended) {
      p.destroyForcibly();
    }
    assertThat(ended).as("the foreign client ends; output:\n%s", output).isTrue();
    assertThat(p.exitValue()).as("exit code of %s; output:\n%s", command, output).isZero();
    return output.lines().filter(l -> l.startsWith("OUTCOME ")).findFirst()
        .orElseThrow(() -> new AssertionError("no OUTCOME line in:\n" + output));
  }

  /**
   * The test classpath (jars from root's Maven repository, build directories) copied where another user can read
   * it: root's home is usually closed to others.
   */
  private static String copyReadableClasspath(Path into) throws IOException {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> entries = new ArrayList<>();
    int n = 0;
    for (String entry : cp.split(File.pathSeparator)) {
      Path from = Path.of(entry);
      if (!Files.exists(from)) {
        continue;
      }
      Path to = into.resolve((n++) + "-" + from.getFileName());
      copyTree(from, to);
      entries.add(to.toString());
    }
    try (var all = Files.walk(into)) {
      all.forEach(f -> setReadable(f));
    }
    return String.join(File.pathSeparator, entries);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (var files = Files.walk(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path dest = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(dest);
        } else {
          Files.copy(f, dest, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static void setReadable(Path f) {
    try {
      Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(Files.isDirectory(f) ? "rwxr-xr-x"
          : "rw-r--r--"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
