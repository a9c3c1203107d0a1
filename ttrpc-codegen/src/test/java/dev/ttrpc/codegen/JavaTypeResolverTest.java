package dev.ttrpc.codegen;

import static dev.ttrpc.codegen.Protos.file;
import static dev.ttrpc.codegen.Protos.javaOptions;
import static dev.ttrpc.codegen.Protos.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.DescriptorProtos;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileOptions;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Empty;
import com.google.protobuf.Timestamp;
import java.util.List;
import org.junit.jupiter.api.Test;

class JavaTypeResolverTest {

  @Test
  void multipleFilesPutsTopLevelMessagesInThePackageAndNestsTheRest() {
    FileDescriptorProto kv = file("example/kv/v1/kv.proto", "example.kv.v1")
        .setOptions(javaOptions("com.example.kv", true))
        .addMessageType(message("Entry", message("Meta", message("Label"))))
        .build();
    JavaTypeResolver r = JavaTypeResolver.of(List.of(kv));
    assertThat(r.messageClass(".example.kv.v1.Entry")).isEqualTo("com.example.kv.Entry");
    assertThat(r.messageClass(".example.kv.v1.Entry.Meta")).isEqualTo("com.example.kv.Entry.Meta");
    assertThat(r.messageClass(".example.kv.v1.Entry.Meta.Label")).isEqualTo("com.example.kv.Entry.Meta.Label");
    assertThat(r.hasTopLevelClass("com.example.kv", "Entry")).isTrue();
    assertThat(r.hasTopLevelClass("com.example.kv", "Kv")).isTrue();
    assertThat(r.hasTopLevelClass("com.example.kv", "Meta")).isFalse();
  }

  @Test
  void withoutOptionsMessagesNestInTheOuterClassOfTheProtoPackage() {
    FileDescriptorProto types = file("example/kv/v1/kv_types.proto", "example.kv.v1")
        .addMessageType(message("Entry", message("Meta")))
        .build();
    JavaTypeResolver r = JavaTypeResolver.of(List.of(types));
    assertThat(r.messageClass(".example.kv.v1.Entry")).isEqualTo("example.kv.v1.KvTypes.Entry");
    assertThat(r.messageClass(".example.kv.v1.Entry.Meta")).isEqualTo("example.kv.v1.KvTypes.Entry.Meta");
    assertThat(r.hasTopLevelClass("example.kv.v1", "Entry")).isFalse();
  }

  @Test
  void outerClassGetsASuffixWhenAMessageEnumOrServiceHasItsName() {
    assertThat(JavaTypeResolver.outerClassName(file("store.proto", "p")
        .addMessageType(message("Store")).build())).isEqualTo("StoreOuterClass");
    assertThat(JavaTypeResolver.outerClassName(file("store.proto", "p")
        .addMessageType(message("Outer", message("Store"))).build())).isEqualTo("StoreOuterClass");
    assertThat(JavaTypeResolver.outerClassName(file("store.proto", "p")
        .addEnumType(EnumDescriptorProto.newBuilder().setName("Store")).build())).isEqualTo("StoreOuterClass");
    assertThat(JavaTypeResolver.outerClassName(file("store.proto", "p")
        .addService(Protos.service("Store")).build())).isEqualTo("StoreOuterClass");
    assertThat(JavaTypeResolver.outerClassName(file("store.proto", "p")
        .addMessageType(message("Stores")).build())).isEqualTo("Store");
    assertThat(JavaTypeResolver.outerClassName(file("store.proto", "p")
        .setOptions(FileOptions.newBuilder().setJavaOuterClassname("Given")).addMessageType(message("Store"))
        .build())).isEqualTo("Given");
    FileDescriptorProto clash = file("store.proto", "p").addMessageType(message("Store", message("In"))).build();
    assertThat(JavaTypeResolver.of(List.of(clash)).messageClass(".p.Store.In")).isEqualTo("p.StoreOuterClass.Store.In");
  }

  @Test
  void emptyPackages() {
    FileDescriptorProto none = FileDescriptorProto.newBuilder().setName("bare.proto")
        .addMessageType(message("Thing")).build();
    assertThat(JavaTypeResolver.of(List.of(none)).messageClass(".Thing")).isEqualTo("Bare.Thing");
    FileDescriptorProto multi = none.toBuilder()
        .setOptions(FileOptions.newBuilder().setJavaMultipleFiles(true)).build();
    assertThat(JavaTypeResolver.of(List.of(multi)).messageClass(".Thing")).isEqualTo("Thing");
  }

  @Test
  void resolvesTheRealClassesOfProtobufJava() {
    // Well-known types (multiple files) and descriptor.proto (one outer class, nested messages), as protoc sends them.
    JavaTypeResolver r = JavaTypeResolver.of(List.of(
        Empty.getDescriptor().getFile().toProto(),
        Timestamp.getDescriptor().getFile().toProto(),
        DescriptorProtos.getDescriptor().toProto()));
    for (Descriptor d : List.of(Empty.getDescriptor(), Timestamp.getDescriptor(),
        DescriptorProtos.DescriptorProto.getDescriptor(),
        DescriptorProtos.DescriptorProto.ExtensionRange.getDescriptor(),
        DescriptorProtos.SourceCodeInfo.Location.getDescriptor())) {
      assertThat(r.messageClass("." + d.getFullName())).isEqualTo(javaName(d));
    }
  }

  @Test
  void unknownTypesAreReported() {
    JavaTypeResolver r = JavaTypeResolver.of(List.of());
    assertThatThrownBy(() -> r.messageClass(".no.Such")).isInstanceOf(CodegenException.class)
        .hasMessageContaining(".no.Such");
  }

  private static String javaName(Descriptor d) {
    String binary = switch (d.getName()) {
      case "Empty" -> Empty.class.getName();
      case "Timestamp" -> Timestamp.class.getName();
      case "DescriptorProto" -> DescriptorProtos.DescriptorProto.class.getName();
      case "ExtensionRange" -> DescriptorProtos.DescriptorProto.ExtensionRange.class.getName();
      case "Location" -> DescriptorProtos.SourceCodeInfo.Location.class.getName();
      default -> throw new IllegalArgumentException(d.getName());
    };
    return binary.replace('$', '.');
  }
}
