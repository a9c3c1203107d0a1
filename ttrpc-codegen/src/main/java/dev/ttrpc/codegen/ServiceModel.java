package dev.ttrpc.codegen;

import java.util.List;

/**
 * A service with every name the generators need already resolved to Java.
 *
 * @param protoFile the {@code .proto} file declaring it
 * @param javaPackage the Java package of the generated classes (the file's, as for its messages)
 * @param protoName the service's simple proto name, e.g. {@code Task}
 * @param fullName the full proto name sent on the wire, e.g. {@code containerd.task.v2.Task}
 * @param comment the proto comment above the service, or empty
 * @param methods the methods in declaration order
 */
public record ServiceModel(
    String protoFile, String javaPackage, String protoName, String fullName, String comment, List<Method> methods) {

  /** Which sides of a call send a stream; the constant names match {@code dev.ttrpc.MethodType}. */
  public enum Shape {
    UNARY,
    SERVER_STREAMING,
    CLIENT_STREAMING,
    BIDI_STREAMING;

    /** The shape of a method with these {@code client_streaming} / {@code server_streaming} flags. */
    public static Shape of(boolean clientStreaming, boolean serverStreaming) {
      if (clientStreaming) {
        return serverStreaming ? BIDI_STREAMING : CLIENT_STREAMING;
      }
      return serverStreaming ? SERVER_STREAMING : UNARY;
    }

    /** Whether the client sends a stream (so the client stub's method takes no request). */
    public boolean clientStreams() {
      return this == CLIENT_STREAMING || this == BIDI_STREAMING;
    }
  }

  /**
   * One method.
   *
   * @param protoName the method's proto name, sent on the wire, e.g. {@code CloseIO}
   * @param javaName the Java method name, e.g. {@code closeIO}
   * @param constantName the descriptor constant, e.g. {@code METHOD_CLOSE_IO}
   * @param shape unary or which side streams
   * @param requestType the request's Java class, fully qualified
   * @param responseType the response's Java class, fully qualified
   * @param protoSignature the declaration as in the {@code .proto}, e.g.
   *     {@code rpc CloseIO(CloseIORequest) returns (google.protobuf.Empty)}
   * @param comment the proto comment above the method, or empty
   * @param deprecated whether the method has {@code option deprecated = true}
   */
  public record Method(
      String protoName,
      String javaName,
      String constantName,
      Shape shape,
      String requestType,
      String responseType,
      String protoSignature,
      String comment,
      boolean deprecated) {}

  /** Simple name of the generated descriptors class, e.g. {@code TaskTtrpc}. */
  public String descriptorsClass() {
    return Naming.upperFirst(protoName) + "Ttrpc";
  }

  /** Simple name of the generated client class, e.g. {@code TaskClient}. */
  public String clientClass() {
    return Naming.upperFirst(protoName) + "Client";
  }

  /** Simple name of the generated server interface, e.g. {@code TaskService}. */
  public String serviceInterface() {
    return Naming.upperFirst(protoName) + "Service";
  }

  /** Whether any method is deprecated. */
  public boolean hasDeprecatedMethods() {
    return methods.stream().anyMatch(Method::deprecated);
  }
}
