package dev.ttrpc.codegen;

/** The classes of {@code ttrpc-transport} that generated code uses, by fully qualified name. */
final class TransportTypes {
  static final String METHOD_DESCRIPTOR = "dev.ttrpc.MethodDescriptor";
  static final String METHOD_TYPE = "dev.ttrpc.MethodType";
  static final String CODE = "dev.ttrpc.Code";
  static final String TTRPC_EXCEPTION = "dev.ttrpc.TtrpcException";
  static final String TTRPC_CLIENT = "dev.ttrpc.client.TtrpcClient";
  static final String CALL_OPTIONS = "dev.ttrpc.client.CallOptions";
  static final String CLIENT_STREAM = "dev.ttrpc.client.ClientStream";
  static final String SERVICE_DEFINITION = "dev.ttrpc.server.ServiceDefinition";
  static final String SERVER_CONTEXT = "dev.ttrpc.server.ServerContext";
  static final String SERVER_STREAM = "dev.ttrpc.server.ServerStream";

  static final String STRING = "java.lang.String";
  static final String EXCEPTION = "java.lang.Exception";
  static final String DEPRECATED = "java.lang.Deprecated";
  static final String SUPPRESS_WARNINGS = "java.lang.SuppressWarnings";
  static final String OBJECTS = "java.util.Objects";
  static final String DURATION = "java.time.Duration";
  static final String COMPLETABLE_FUTURE = "java.util.concurrent.CompletableFuture";

  private TransportTypes() {}
}
