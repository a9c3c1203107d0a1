package dev.ttrpc.shim;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.FileDescriptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ShimProtosTest {

  private static final Path PROTO_ROOT =
      Path.of(System.getProperty("basedir", ".")).resolve("src/main/proto");

  @Test
  void listsEveryProtoFileOfTheModule() throws IOException {
    List<String> onDisk;
    try (Stream<Path> files = Files.walk(PROTO_ROOT)) {
      onDisk = files.filter(p -> p.toString().endsWith(".proto"))
          .map(p -> PROTO_ROOT.relativize(p).toString().replace('\\', '/'))
          .toList();
    }
    assertThat(ShimProtos.fileDescriptors()).extracting(FileDescriptor::getName)
        .containsExactlyInAnyOrderElementsOf(onDisk);
  }

  @Test
  void javaOptionsFollowTheProjectConventions() {
    assertThat(ShimProtos.fileDescriptors()).allSatisfy(f -> {
      assertThat(f.getOptions().getJavaMultipleFiles()).as(f.getName()).isTrue();
      assertThat(f.getOptions().getJavaPackage()).as(f.getName()).startsWith("dev.ttrpc.shim.");
    });
  }

  @Test
  void taskV3HasTheV2ServiceUnderItsOwnPackage() {
    var v2 = dev.ttrpc.shim.task.v2.ShimProto.getDescriptor().findServiceByName("Task");
    var v3 = dev.ttrpc.shim.task.v3.ShimProto.getDescriptor().findServiceByName("Task");
    assertThat(v2.getFullName()).isEqualTo("containerd.task.v2.Task");
    assertThat(v3.getFullName()).isEqualTo("containerd.task.v3.Task");
    assertThat(v2.getMethods()).hasSize(17);
    assertThat(v3.getMethods()).extracting(m -> m.getName())
        .containsExactlyElementsOf(v2.getMethods().stream().map(m -> m.getName()).toList());
  }

  @Test
  void bothEnvelopesShareOneWireLayout() throws Exception {
    var ttrpcEnvelope = dev.ttrpc.shim.events.Envelope.newBuilder()
        .setTimestamp(com.google.protobuf.Timestamp.newBuilder().setSeconds(1700000000).setNanos(5))
        .setNamespace("default")
        .setTopic(Topics.TASK_OOM)
        .setEvent(ContainerdAny.pack(dev.ttrpc.shim.events.TaskOOM.newBuilder().setContainerId("c1").build()))
        .build();
    var typesEnvelope = dev.ttrpc.shim.types.Envelope.parseFrom(ttrpcEnvelope.toByteString());
    assertThat(typesEnvelope.getUnknownFields().asMap()).isEmpty();
    assertThat(typesEnvelope.toByteString()).isEqualTo(ttrpcEnvelope.toByteString());
  }
}
