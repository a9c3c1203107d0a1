package dev.ttrpc.codegen;

import com.google.protobuf.DescriptorProtos.Edition;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.compiler.PluginProtos.CodeGeneratorRequest;
import com.google.protobuf.compiler.PluginProtos.CodeGeneratorResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The plugin's work, without I/O: for every service of every file protoc asks for, the three classes
 * ({@code FooTtrpc}, {@code FooClient}, {@code FooService}) in the file's Java package. Declares support for proto3
 * {@code optional} and for editions up to {@link #MAXIMUM_EDITION}.
 */
public final class CodeGenerator {
  /**
   * The newest edition whose Java class names follow the proto2/proto3 rules {@link JavaTypeResolver} implements
   * (edition 2024 changes them: {@code nest_in_file_class} replaces {@code java_multiple_files}).
   */
  public static final Edition MAXIMUM_EDITION = Edition.EDITION_2023;

  private final DescriptorsClassGenerator descriptors = new DescriptorsClassGenerator();
  private final ClientClassGenerator clients = new ClientClassGenerator();
  private final ServiceInterfaceGenerator servers = new ServiceInterfaceGenerator();

  /** Answers a request: the generated files, or an error protoc reports for the input. */
  public CodeGeneratorResponse generate(CodeGeneratorRequest request) {
    CodeGeneratorResponse.Builder response = CodeGeneratorResponse.newBuilder()
        .setSupportedFeatures(CodeGeneratorResponse.Feature.FEATURE_PROTO3_OPTIONAL_VALUE
            | CodeGeneratorResponse.Feature.FEATURE_SUPPORTS_EDITIONS_VALUE)
        .setMinimumEdition(Edition.EDITION_PROTO2_VALUE)
        .setMaximumEdition(MAXIMUM_EDITION.getNumber());
    try {
      for (GeneratedFile file : generateFiles(request)) {
        response.addFile(CodeGeneratorResponse.File.newBuilder().setName(file.path()).setContent(file.content()));
      }
    } catch (CodegenException e) {
      response.clearFile().setError(e.getMessage());
    }
    return response.build();
  }

  /**
   * The generated files for a request.
   *
   * @throws CodegenException for input this plugin cannot generate code for
   */
  public List<GeneratedFile> generateFiles(CodeGeneratorRequest request) {
    if (!request.getParameter().isEmpty()) {
      throw new CodegenException("ttrpc-codegen takes no options, got \"" + request.getParameter() + "\"");
    }
    JavaTypeResolver types = JavaTypeResolver.of(request.getProtoFileList());
    ServiceModels models = new ServiceModels(types);
    Map<String, FileDescriptorProto> byName = new HashMap<>();
    request.getProtoFileList().forEach(f -> byName.put(f.getName(), f));
    Map<String, String> generatedClasses = new HashMap<>();
    List<GeneratedFile> out = new ArrayList<>();
    for (String name : request.getFileToGenerateList()) {
      FileDescriptorProto file = byName.get(name);
      if (file == null) {
        throw new CodegenException("protoc asked for " + name + " but did not send it");
      }
      for (int s = 0; s < file.getServiceCount(); s++) {
        ServiceModel service = models.build(file, s);
        for (String className : List.of(
            service.descriptorsClass(), service.clientClass(), service.serviceInterface())) {
          claimClassName(types, generatedClasses, service, className);
        }
        out.add(descriptors.generate(service));
        out.add(clients.generate(service));
        out.add(servers.generate(service));
      }
    }
    return out;
  }

  /** A generated class must not replace a class protoc's Java generator makes, nor another generated class. */
  private static void claimClassName(
      JavaTypeResolver types, Map<String, String> generated, ServiceModel service, String className) {
    String qualified = JavaTypeResolver.qualify(service.javaPackage(), className);
    String where = service.protoFile() + ": service " + service.protoName();
    String existing = types.describeTopLevelClass(service.javaPackage(), className);
    if (existing != null) {
      throw new CodegenException(where + " would generate " + qualified + ", which is already " + existing
          + (existing.startsWith("the outer class") ? " (set option java_outer_classname there)"
              : " (rename the service or the type)"));
    }
    String previous = generated.putIfAbsent(qualified, where);
    if (previous != null) {
      throw new CodegenException(where + " and " + previous + " would both generate " + qualified);
    }
  }
}
