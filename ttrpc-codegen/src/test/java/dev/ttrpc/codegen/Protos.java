package dev.ttrpc.codegen;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileOptions;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodOptions;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;

/** Builders of descriptors for tests. */
final class Protos {
  private Protos() {}

  static DescriptorProto message(String name, DescriptorProto... nested) {
    DescriptorProto.Builder b = DescriptorProto.newBuilder().setName(name);
    for (DescriptorProto n : nested) {
      b.addNestedType(n);
    }
    return b.build();
  }

  static FileDescriptorProto.Builder file(String name, String pkg) {
    return FileDescriptorProto.newBuilder().setName(name).setPackage(pkg).setSyntax("proto3");
  }

  static FileOptions javaOptions(String javaPackage, boolean multipleFiles) {
    return FileOptions.newBuilder().setJavaPackage(javaPackage).setJavaMultipleFiles(multipleFiles).build();
  }

  static MethodDescriptorProto method(String name, String in, String out, boolean clientStreams,
      boolean serverStreams) {
    return MethodDescriptorProto.newBuilder().setName(name).setInputType(in).setOutputType(out)
        .setClientStreaming(clientStreams).setServerStreaming(serverStreams).build();
  }

  static MethodDescriptorProto deprecated(MethodDescriptorProto method) {
    return method.toBuilder().setOptions(MethodOptions.newBuilder().setDeprecated(true)).build();
  }

  static ServiceDescriptorProto service(String name, MethodDescriptorProto... methods) {
    ServiceDescriptorProto.Builder b = ServiceDescriptorProto.newBuilder().setName(name);
    for (MethodDescriptorProto m : methods) {
      b.addMethod(m);
    }
    return b.build();
  }
}
