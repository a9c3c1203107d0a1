package dev.ttrpc.spring.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.ttrpc.client.Backoff;
import dev.ttrpc.spring.health.ShimsHealthContributor;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Issue 5: malformed containerd state never breaks {@link ShimDiscovery#refresh()}; each problem is reported once
 * (naming the file and what is wrong) until it changes, and the good shims next to it are still found.
 */
class ShimDiscoveryMalformedInputTests {
  @TempDir
  Path state;

  private final DefaultShimClientRegistry registry = new DefaultShimClientRegistry(Map.of(), List.of(), List.of());
  private final List<String> reports = new CopyOnWriteArrayList<>();
  private ServerSocketChannel socket;
  private Path socketPath;
  private Path tasks;

  @BeforeEach
  void bindGoodSocket() throws IOException {
    // a short path: the socket name must fit 107 bytes whatever @TempDir's length
    socketPath = Files.createTempDirectory(Path.of("/tmp"), "disc").resolve("s.sock");
    socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(socketPath));
    tasks = state.resolve(ShimDiscovery.TASK_DIR);
  }

  @AfterEach
  void close() throws IOException {
    socket.close();
    registry.destroy();
    Files.deleteIfExists(socketPath);
    Files.deleteIfExists(socketPath.getParent());
  }

  private ShimDiscovery discovery(Path stateDir, List<SocketPathMapping> mappings) {
    return new ShimDiscovery(registry, stateDir, Set.of(), Duration.ofHours(1), mappings,
        (ns, address) -> new ShimEndpoint(address, ns, Duration.ofSeconds(1), Duration.ofSeconds(1), 1 << 20,
            Backoff.DEFAULT, false, false)) {
      @Override
      protected void reportProblem(Path path, String problem) {
        reports.add(state.relativize(path) + " " + problem);
        super.reportProblem(path, problem);
      }
    };
  }

  @Test
  void junkNextToAGoodShimIsReportedOnceAndTheGoodShimIsFound() throws IOException, InterruptedException {
    write("ns1/good/address", "unix://" + socketPath + "\n");
    write("stray-namespace-file", "x");
    write("ns1/stray-file", "x");
    Files.createDirectories(tasks.resolve("ns1/deep/address/a/b/c/d"));
    write("ns1/deep/address/a/b/c/d/address", "unix:///junk");
    Files.createDirectories(tasks.resolve("ns1/starting"));
    Files.write(write("ns1/not-utf8/address", ""), new byte[] {(byte) 0xff, (byte) 0xfe, 'u', 'n'});
    write("ns1/nul/address", "unix:///tmp/a\u0000b");
    write("ns1/empty/address", "");
    write("ns1/http/address", "http://localhost:1");
    write("ns1/relative/address", "unix://run/x.sock");
    write("ns1/huge/address", "unix:///" + "x".repeat(ShimAddressFile.MAX_BYTES));
    write("ns1/too-long/address", "unix:///" + "s".repeat(120));
    mkfifo(tasks.resolve("ns1/fifo/address"));
    write("ns1/dangling/address", "unix:///tmp/no-such-dir-" + System.nanoTime() + "/s.sock");
    ShimDiscovery discovery = discovery(state, List.of());

    assertThatCode(discovery::refresh).doesNotThrowAnyException();

    assertThat(registry.names()).containsExactly("ns1/dangling", "ns1/good");
    String t = ShimDiscovery.TASK_DIR + "/";
    assertThat(reports).containsExactlyInAnyOrder(
        t + "stray-namespace-file is not a directory; ignored",
        t + "ns1/stray-file is not a directory; ignored",
        t + "ns1/deep/address is not a regular file",
        t + "ns1/not-utf8/address is not UTF-8 text",
        t + "ns1/nul/address holds control characters, not one address",
        t + "ns1/empty/address is empty",
        t + "ns1/http/address holds 'http://localhost:1', not a unix:// address",
        t + "ns1/relative/address holds 'unix://run/x.sock', a relative socket path",
        t + "ns1/huge/address is larger than 4096 bytes, not one address",
        t + "ns1/too-long/address ttrpc address 'unix:///" + "s".repeat(120)
            + "' is 121 bytes long; a Unix socket name may have at most 107",
        t + "ns1/fifo/address is not a regular file",
        t + "ns1/dangling/address names socket " + registry.endpoint("ns1/dangling").orElseThrow().address().path()
            + ", which does not exist (is the shim gone, or does shim.discovery.socket-path-mappings miss where this"
            + " process sees it?)");
    assertThat(discovery.problems()).hasSize(12).doesNotContainKey(tasks.resolve("ns1/good/address"));

    discovery.refresh();
    discovery.refresh();
    assertThat(reports).as("unchanged problems are not reported again").hasSize(12);

    write("ns1/empty/address", "garbage");
    write("ns1/http/address", "unix://" + socketPath);
    discovery.refresh();
    assertThat(reports).hasSize(13).last().isEqualTo(t + "ns1/empty/address holds 'garbage', not a unix:// address");
    assertThat(registry.names()).containsExactly("ns1/dangling", "ns1/good", "ns1/http");
    assertThat(discovery.problems()).hasSize(11);
  }

  @Test
  void aProblemThatGoesAwayAndComesBackIsReportedAgain() throws IOException {
    write("ns1/c1/address", "");
    ShimDiscovery discovery = discovery(state, List.of());
    discovery.refresh();
    write("ns1/c1/address", "unix://" + socketPath);
    discovery.refresh();
    assertThat(registry.names()).containsExactly("ns1/c1");
    write("ns1/c1/address", "");
    discovery.refresh();

    assertThat(reports).hasSize(2).allSatisfy(r -> assertThat(r).endsWith("ns1/c1/address is empty"));
    assertThat(registry.names()).isEmpty();
  }

  @Test
  void missingStateDirIsReportedOnceAndShimsAreFoundOnceItAppears() throws IOException {
    ShimDiscovery discovery = discovery(state.resolve("later"), List.of());
    discovery.refresh();
    discovery.refresh();
    assertThat(reports).containsExactly(
        "later does not exist (is containerd running, and is shim.discovery.state-dir its state directory?)");

    Path address = state.resolve("later").resolve(ShimDiscovery.TASK_DIR).resolve("ns/c/address");
    Files.createDirectories(address.getParent());
    Files.writeString(address, "unix://" + socketPath);
    discovery.refresh();
    assertThat(registry.names()).containsExactly("ns/c");
    assertThat(discovery.problems()).isEmpty();
  }

  @Test
  void stateDirThatIsAFileOrHasAFileAsTaskDirIsReportedOnce() throws IOException {
    Path file = Files.writeString(state.resolve("file"), "x");
    ShimDiscovery onFile = discovery(file, List.of());
    assertThatCode(() -> {
      onFile.refresh();
      onFile.refresh();
    }).doesNotThrowAnyException();
    write("", "x");
    ShimDiscovery onTaskFile = discovery(state, List.of());
    onTaskFile.refresh();
    onTaskFile.refresh();

    assertThat(reports).containsExactly(
        "file is not a directory; set shim.discovery.state-dir to containerd's state directory",
        ShimDiscovery.TASK_DIR + " is not a directory");
    assertThat(registry.names()).isEmpty();
  }

  @Test
  void socketPathMappingsRewriteThePathAndAMappedPathTooLongIsReported() throws IOException {
    write("ns/mapped/address", "unix:///run/containerd/s/" + socketPath.getFileName());
    write("ns/long/address", "unix:///run/long/" + "l".repeat(60));
    write("ns/unmapped/address", "unix:///run/containerd2/s.sock");
    ShimDiscovery discovery = discovery(state, List.of(
        new SocketPathMapping(Path.of("/run"), Path.of("/" + "r".repeat(60))),
        new SocketPathMapping(Path.of("/run/containerd/s"), socketPath.getParent())));

    discovery.refresh();

    assertThat(registry.endpoint("ns/mapped").orElseThrow().address().path()).isEqualTo(socketPath.toString());
    assertThat(registry.endpoint("ns/unmapped").orElseThrow().address().path()).startsWith("/rrrr");
    assertThat(registry.names()).doesNotContain("ns/long");
    assertThat(discovery.problems().get(tasks.resolve("ns/long/address"))).contains("bytes long");
    assertThat(discovery.problems().get(tasks.resolve("ns/mapped/address"))).isNull();
  }

  @Test
  void aRegisteredShimWithADanglingSocketIsDownInHealthWithTheReason() throws IOException {
    Path gone = socketPath.resolveSibling("gone.sock");
    write("ns/gone/address", "unix://" + gone);
    ShimDiscovery discovery = discovery(state, List.of());
    discovery.refresh();
    assertThat(registry.names()).containsExactly("ns/gone");

    ShimsHealthContributor health = new ShimsHealthContributor(registry, () -> discovery, Duration.ofSeconds(1),
        Duration.ZERO);
    Health h = ((HealthIndicator) health.getContributor("ns/gone")).health();

    assertThat(h.getStatus()).isEqualTo(Status.DOWN);
    assertThat(h.getDetails()).containsEntry("address", "unix://" + gone).containsKey("code");
    assertThat(String.valueOf(h.getDetails().get("lastError"))).contains(gone.toString());
  }

  private Path write(String relative, String text) throws IOException {
    Path file = relative.isEmpty() ? tasks : tasks.resolve(relative);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }

  private static void mkfifo(Path file) throws IOException, InterruptedException {
    Files.createDirectories(file.getParent());
    Process p = new ProcessBuilder("mkfifo", file.toString()).inheritIO().start();
    assertThat(p.waitFor()).as("mkfifo %s", file).isZero();
  }
}
