package dev.ttrpc.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TtrpcAddressTest {
  @Test
  void parsesFileAndAbstractForms() {
    TtrpcAddress file = TtrpcAddress.parse("unix:///run/containerd/s/abc");
    assertThat(file.isAbstract()).isFalse();
    assertThat(file.path()).isEqualTo("/run/containerd/s/abc");

    TtrpcAddress at = TtrpcAddress.parse("unix://@containerd-shim/k8s.io/abc/shim.sock");
    assertThat(at.isAbstract()).isTrue();
    assertThat(at.path()).isEqualTo("containerd-shim/k8s.io/abc/shim.sock");

    TtrpcAddress nul = TtrpcAddress.parse("\0containerd-shim/abc.sock");
    assertThat(nul.isAbstract()).isTrue();
    assertThat(nul.path()).isEqualTo("containerd-shim/abc.sock");
    assertThat(nul).isEqualTo(TtrpcAddress.parse("unix://@containerd-shim/abc.sock"));

    TtrpcAddress bare = TtrpcAddress.parse("containerd-shim/abc.sock");
    assertThat(bare.isAbstract()).as("containerd treats a scheme-less address as abstract").isTrue();
    assertThat(bare.toString()).isEqualTo("unix://@containerd-shim/abc.sock");
  }

  @Test
  void rejectsWhatCannotWork() {
    assertThatThrownBy(() -> TtrpcAddress.parse("")).hasMessageContaining("empty");
    assertThatThrownBy(() -> TtrpcAddress.parse("unix://")).hasMessageContaining("names no socket");
    assertThatThrownBy(() -> TtrpcAddress.parse("vsock://3:1024")).hasMessageContaining("unsupported scheme");
    assertThatThrownBy(() -> TtrpcAddress.parse("tcp://127.0.0.1:1")).hasMessageContaining("unsupported scheme");
    String longPath = "unix:///" + "a".repeat(107);
    assertThatThrownBy(() -> TtrpcAddress.parse(longPath)).hasMessageContaining("at most 107")
        .hasMessageContaining("108 bytes");
    assertThat(TtrpcAddress.parse("unix:///" + "a".repeat(106)).path()).hasSize(107);
  }

  @Test
  void rejectsARelativeSocketFileBecauseItDependsOnTheWorkingDirectory() {
    assertThatThrownBy(() -> TtrpcAddress.parse("unix://run/x.sock"))
        .hasMessageContaining("'unix://run/x.sock'").hasMessageContaining("relative socket path 'run/x.sock'");
    assertThat(TtrpcAddress.parse("unix://@run/x.sock").isAbstract()).as("an abstract name has no directory").isTrue();
  }
}
