package dev.ttrpc.codegen;

import static dev.ttrpc.codegen.TransportTypes.CODE;
import static dev.ttrpc.codegen.TransportTypes.DEPRECATED;
import static dev.ttrpc.codegen.TransportTypes.EXCEPTION;
import static dev.ttrpc.codegen.TransportTypes.SERVER_CONTEXT;
import static dev.ttrpc.codegen.TransportTypes.SERVER_STREAM;
import static dev.ttrpc.codegen.TransportTypes.TTRPC_EXCEPTION;

/**
 * Generates {@code FooService}, the interface a server implements: unary {@code Resp bar(Req request, ServerContext
 * context)}, streaming {@code Resp bar(ServerStream<Req, Resp> stream)}. Every method has a default answering
 * {@code UNIMPLEMENTED} with Go's message ({@code method Bar}), so an implementation may serve a subset.
 */
public final class ServiceInterfaceGenerator {

  /** The source of {@code FooService} for {@code service}. */
  public GeneratedFile generate(ServiceModel service) {
    String className = service.serviceInterface();
    JavaImports imports = new JavaImports(service.javaPackage(), className);
    String descriptors = imports.ref(JavaTypeResolver.qualify(service.javaPackage(), service.descriptorsClass()));
    JavaWriter w = new JavaWriter();

    w.javadoc(
        "Server side of the TTRPC service {@code " + service.fullName() + "}: implement the methods you serve and\n"
            + "register the implementation with {@link " + descriptors + "#bindService}.",
        JavaWriter.escapeJavadoc(service.comment()),
        "Every method answers {@code UNIMPLEMENTED} unless overridden. Throw a {@code TtrpcException} to answer with\n"
            + "a status of your choice; any other exception answers {@code UNKNOWN} with its message.");
    w.open("public interface " + className + " {");
    boolean first = true;
    for (ServiceModel.Method m : service.methods()) {
      if (!first) {
        w.line("");
      }
      first = false;
      writeMethod(w, imports, m);
    }
    w.close("}");
    return GeneratedFile.javaSource(service, className, imports, w.toString());
  }

  private static void writeMethod(JavaWriter w, JavaImports imports, ServiceModel.Method m) {
    String request = imports.ref(m.requestType());
    String response = imports.ref(m.responseType());
    String exception = imports.ref(EXCEPTION);
    String params;
    String tags;
    String how;
    if (m.shape() == ServiceModel.Shape.UNARY) {
      params = request + " request, " + imports.ref(SERVER_CONTEXT) + " context";
      how = "Unary.";
      tags = "@param request the request\n@param context the call's metadata, deadline, peer and cancellation\n"
          + "@return the response";
    } else {
      params = imports.ref(SERVER_STREAM) + "<" + request + ", " + response + "> stream";
      how = switch (m.shape()) {
        case SERVER_STREAMING -> "The one request is {@code stream.receive()}; {@code stream.send} the responses.";
        case CLIENT_STREAMING -> "{@code stream.receive()} the requests until null; return the one response.";
        default -> "{@code stream.receive()} requests until null and {@code stream.send} responses.";
      };
      tags = "@param stream the call: requests, responses, metadata, deadline and cancellation\n"
          + (m.shape() == ServiceModel.Shape.CLIENT_STREAMING ? "@return the response" : "@return null");
    }
    tags += "\n@throws " + exception + " to fail the call (see the interface's comment)";
    String comment = m.comment().isEmpty() ? "Serves {@code " + m.protoName() + "}."
        : JavaWriter.escapeJavadoc(m.comment());
    w.javadoc(comment, "{@code " + m.protoSignature() + "}.\n" + how, tags);
    if (m.deprecated()) {
      w.line("@" + imports.ref(DEPRECATED));
    }
    w.open("default " + response + " " + m.javaName() + "(" + params + ") throws " + exception + " {");
    w.line("throw " + imports.ref(TTRPC_EXCEPTION) + ".of(" + imports.ref(CODE) + ".UNIMPLEMENTED, "
        + JavaWriter.stringLiteral("method " + m.protoName()) + ");");
    w.close("}");
  }
}
