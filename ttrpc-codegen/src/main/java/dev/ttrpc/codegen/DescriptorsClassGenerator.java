package dev.ttrpc.codegen;

import static dev.ttrpc.codegen.TransportTypes.METHOD_DESCRIPTOR;
import static dev.ttrpc.codegen.TransportTypes.METHOD_TYPE;
import static dev.ttrpc.codegen.TransportTypes.OBJECTS;
import static dev.ttrpc.codegen.TransportTypes.SERVICE_DEFINITION;
import static dev.ttrpc.codegen.TransportTypes.STRING;
import static dev.ttrpc.codegen.TransportTypes.SUPPRESS_WARNINGS;

/**
 * Generates {@code FooTtrpc}: the service name, one {@code MethodDescriptor} constant per method and
 * {@code bindService(FooService)}, which registers every method with a {@code ServiceDefinition}.
 */
public final class DescriptorsClassGenerator {

  /** The source of {@code FooTtrpc} for {@code service}. */
  public GeneratedFile generate(ServiceModel service) {
    String className = service.descriptorsClass();
    JavaImports imports = new JavaImports(service.javaPackage(), className);
    String serviceInterface = imports.ref(JavaTypeResolver.qualify(service.javaPackage(), service.serviceInterface()));
    String clientClass = imports.ref(JavaTypeResolver.qualify(service.javaPackage(), service.clientClass()));
    JavaWriter w = new JavaWriter();

    w.javadoc(
        "Method descriptors and server binding of the TTRPC service {@code " + service.fullName() + "}.",
        JavaWriter.escapeJavadoc(service.comment()),
        "@see " + clientClass + "\n@see " + serviceInterface);
    w.open("public final class " + className + " {");
    w.javadoc("The full protobuf name of the service, as sent on the wire.");
    w.line("public static final " + imports.ref(STRING) + " SERVICE_NAME = "
        + JavaWriter.stringLiteral(service.fullName()) + ";");

    for (ServiceModel.Method m : service.methods()) {
      String request = imports.ref(m.requestType());
      String response = imports.ref(m.responseType());
      w.line("");
      w.javadoc("{@code " + m.protoSignature() + "}.");
      w.line("public static final " + imports.ref(METHOD_DESCRIPTOR) + "<" + request + ", " + response + "> "
          + m.constantName() + " =");
      w.line("    " + imports.ref(METHOD_DESCRIPTOR) + ".of(SERVICE_NAME, " + JavaWriter.stringLiteral(m.protoName())
          + ", " + imports.ref(METHOD_TYPE) + "." + m.shape().name() + ", " + request + ".parser(), "
          + response + ".parser());");
    }

    w.line("");
    w.line("private " + className + "() {}");
    w.line("");
    w.javadoc(
        "The server side of the service: every method, served by {@code impl}. Methods {@code impl} does not\n"
            + "override answer {@code UNIMPLEMENTED}. Register the result with {@code TtrpcServerBuilder.service}.",
        "@param impl the implementation\n@return the definition to register with a server");
    if (service.hasDeprecatedMethods()) {
      w.line("@" + imports.ref(SUPPRESS_WARNINGS) + "(\"deprecation\")");
    }
    String serviceDefinition = imports.ref(SERVICE_DEFINITION);
    w.open("public static " + serviceDefinition + " bindService(" + serviceInterface + " impl) {");
    w.line(imports.ref(OBJECTS) + ".requireNonNull(impl, \"impl\");");
    if (service.methods().isEmpty()) {
      w.line("return " + serviceDefinition + ".builder(SERVICE_NAME).build();");
    } else {
      w.line("return " + serviceDefinition + ".builder(SERVICE_NAME)");
      for (ServiceModel.Method m : service.methods()) {
        String register = m.shape() == ServiceModel.Shape.UNARY ? "unary" : "stream";
        w.line("    ." + register + "(" + m.constantName() + ", impl::" + m.javaName() + ")");
      }
      w.line("    .build();");
    }
    w.close("}");
    w.close("}");
    return GeneratedFile.javaSource(service, className, imports, w.toString());
  }
}
