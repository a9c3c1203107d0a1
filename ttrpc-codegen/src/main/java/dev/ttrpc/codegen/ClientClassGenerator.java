package dev.ttrpc.codegen;

import static dev.ttrpc.codegen.TransportTypes.CALL_OPTIONS;
import static dev.ttrpc.codegen.TransportTypes.CLIENT_STREAM;
import static dev.ttrpc.codegen.TransportTypes.COMPLETABLE_FUTURE;
import static dev.ttrpc.codegen.TransportTypes.DEPRECATED;
import static dev.ttrpc.codegen.TransportTypes.DURATION;
import static dev.ttrpc.codegen.TransportTypes.OBJECTS;
import static dev.ttrpc.codegen.TransportTypes.TTRPC_CLIENT;

import java.util.ArrayList;
import java.util.List;

/**
 * Generates {@code FooClient}: a thin, immutable stub over a shared {@code TtrpcClient}, one Java method (plus
 * overloads) per RPC:
 *
 * <ul>
 *   <li>unary: {@code Resp bar(Req)}, {@code Resp bar(Req, CallOptions)}, {@code CompletableFuture<Resp>
 *       barAsync(Req)}, {@code barAsync(Req, CallOptions)};
 *   <li>server-streaming: {@code ClientStream<Req, Resp> bar(Req)}, {@code bar(Req, CallOptions)};
 *   <li>client- and bidirectional-streaming: {@code ClientStream<Req, Resp> bar()}, {@code bar(CallOptions)}.
 * </ul>
 */
public final class ClientClassGenerator {

  /** The source of {@code FooClient} for {@code service}. */
  public GeneratedFile generate(ServiceModel service) {
    String className = service.clientClass();
    JavaImports imports = new JavaImports(service.javaPackage(), className);
    String descriptors = imports.ref(JavaTypeResolver.qualify(service.javaPackage(), service.descriptorsClass()));
    String ttrpcClient = imports.ref(TTRPC_CLIENT);
    String callOptions = imports.ref(CALL_OPTIONS);
    String duration = imports.ref(DURATION);
    String objects = imports.ref(OBJECTS);
    JavaWriter w = new JavaWriter();

    w.javadoc(
        "Client of the TTRPC service {@code " + service.fullName() + "}: one method per RPC, over a shared\n"
            + "{@link " + ttrpcClient + "}.",
        JavaWriter.escapeJavadoc(service.comment()),
        "Calls made without {@link " + callOptions + "} use this stub's defaults: the options given to\n"
            + "{@link #withOptions} (else the client's {@link " + ttrpcClient + "#defaultOptions()}), with a fresh\n"
            + "deadline when {@link #withTimeout} was set. Calls given {@link " + callOptions + "} use them as they\n"
            + "are. Immutable and thread-safe; the stub does not own the client, so closing the client is up to its\n"
            + "owner.",
        "@see " + descriptors);
    w.open("public final class " + className + " {");
    w.line("private final " + ttrpcClient + " client;");
    w.line("private final " + callOptions + " defaultOptions;");
    w.line("private final " + duration + " timeout;");
    w.line("");
    w.open("private " + className + "(" + ttrpcClient + " client, " + callOptions + " defaultOptions, " + duration
        + " timeout) {");
    w.line("this.client = client;");
    w.line("this.defaultOptions = defaultOptions;");
    w.line("this.timeout = timeout;");
    w.close("}");
    w.line("");
    w.javadoc("A stub calling through {@code client}, with the client's own defaults.",
        "@param client the client to call through, shared with other stubs\n@return the stub");
    w.open("public static " + className + " of(" + ttrpcClient + " client) {");
    w.line("return new " + className + "(" + objects + ".requireNonNull(client, \"client\"), null, null);");
    w.close("}");
    w.line("");
    w.javadoc("A copy whose calls without explicit options use {@code options}: metadata and, if it has one, its\n"
            + "deadline, which is absolute (for a per-call deadline use {@link #withTimeout}).",
        "@param options the default options\n@return the copy");
    w.open("public " + className + " withOptions(" + callOptions + " options) {");
    w.line("return new " + className + "(client, " + objects + ".requireNonNull(options, \"options\"), timeout);");
    w.close("}");
    w.line("");
    w.javadoc("A copy whose calls without explicit options each get a deadline {@code timeout} after they start.",
        "@param timeout the time each call may take\n@return the copy");
    w.open("public " + className + " withTimeout(" + duration + " timeout) {");
    w.line("return new " + className + "(client, defaultOptions, " + objects
        + ".requireNonNull(timeout, \"timeout\"));");
    w.close("}");
    w.line("");
    w.open("private " + callOptions + " callOptions() {");
    w.line(callOptions + " options = defaultOptions != null ? defaultOptions : client.defaultOptions();");
    w.line("return timeout != null ? options.withTimeout(timeout) : options;");
    w.close("}");

    for (ServiceModel.Method m : service.methods()) {
      writeMethod(w, imports, descriptors, callOptions, m);
    }
    w.close("}");
    return GeneratedFile.javaSource(service, className, imports, w.toString());
  }

  private static void writeMethod(
      JavaWriter w, JavaImports imports, String descriptors, String callOptions, ServiceModel.Method m) {
    String request = imports.ref(m.requestType());
    String response = imports.ref(m.responseType());
    String descriptor = descriptors + "." + m.constantName();
    switch (m.shape()) {
      case UNARY -> {
        String future = imports.ref(COMPLETABLE_FUTURE) + "<" + response + ">";
        method(w, imports, m, "Waits for the answer.", response, m.javaName(), request, null,
            "client.call(" + descriptor + ", request, callOptions())");
        method(w, imports, m, "Waits for the answer.", response, m.javaName(), request, callOptions,
            "client.call(" + descriptor + ", request, options)");
        method(w, imports, m, "Returns at once; the future fails with a {@code TtrpcException}.", future,
            m.javaName() + "Async", request, null, "client.callAsync(" + descriptor + ", request, callOptions())");
        method(w, imports, m, "Returns at once; the future fails with a {@code TtrpcException}.", future,
            m.javaName() + "Async", request, callOptions, "client.callAsync(" + descriptor + ", request, options)");
      }
      case SERVER_STREAMING -> {
        String stream = imports.ref(CLIENT_STREAM) + "<" + request + ", " + response + ">";
        String how = "Sends the request and returns the stream to {@code receive()} the responses from.";
        method(w, imports, m, how, stream, m.javaName(), request, null,
            "client.openStream(" + descriptor + ", request, callOptions())");
        method(w, imports, m, how, stream, m.javaName(), request, callOptions,
            "client.openStream(" + descriptor + ", request, options)");
      }
      case CLIENT_STREAMING, BIDI_STREAMING -> {
        String stream = imports.ref(CLIENT_STREAM) + "<" + request + ", " + response + ">";
        String how = m.shape() == ServiceModel.Shape.CLIENT_STREAMING
            ? "Opens the call: {@code send} the requests, then {@code closeAndReceive()} the response."
            : "Opens the call: {@code send} requests and {@code receive()} responses, then {@code closeSend()}.";
        method(w, imports, m, how, stream, m.javaName(), null, null,
            "client.openStream(" + descriptor + ", callOptions())");
        method(w, imports, m, how, stream, m.javaName(), null, callOptions,
            "client.openStream(" + descriptor + ", options)");
      }
      default -> throw new IllegalStateException(m.shape().name());
    }
  }

  /** One client method; {@code request} or {@code callOptions} null leaves that parameter out. */
  private static void method(JavaWriter w, JavaImports imports, ServiceModel.Method m, String how, String returnType,
      String name, String request, String callOptions, String call) {
    List<String> params = new ArrayList<>();
    StringBuilder tags = new StringBuilder();
    if (request != null) {
      params.add(request + " request");
      tags.append("@param request the request\n");
    }
    if (callOptions != null) {
      params.add(callOptions + " options");
      tags.append("@param options deadline and metadata of this call\n");
    } else {
      how += "\nUses this stub's default options.";
    }
    tags.append(m.shape() == ServiceModel.Shape.UNARY ? "@return the response" : "@return the call's stream");
    if (m.shape() == ServiceModel.Shape.UNARY && !name.endsWith("Async")) {
      tags.append("\n@throws dev.ttrpc.TtrpcException with the status of a failed call");
    }
    w.line("");
    w.javadoc(comment(m), "{@code " + m.protoSignature() + "}.\n" + how, tags.toString());
    if (m.deprecated()) {
      w.line("@" + imports.ref(DEPRECATED));
    }
    w.open("public " + returnType + " " + name + "(" + String.join(", ", params) + ") {");
    w.line("return " + call + ";");
    w.close("}");
  }

  private static String comment(ServiceModel.Method m) {
    return m.comment().isEmpty() ? "Calls {@code " + m.protoName() + "}." : JavaWriter.escapeJavadoc(m.comment());
  }
}
