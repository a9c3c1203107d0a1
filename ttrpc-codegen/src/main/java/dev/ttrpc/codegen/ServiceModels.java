package dev.ttrpc.codegen;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds {@link ServiceModel}s from descriptors: resolves message classes, names methods and constants, and refuses
 * services whose methods would get clashing Java names.
 *
 * <p>A Java method name gets a trailing {@code _} when the lowerCamel name is a Java keyword ({@code new_}), is one
 * of the client's own methods ({@code of}, {@code withOptions}, {@code withTimeout}, {@code callOptions}), or, for
 * client- and bidirectional-streaming methods (whose client method takes no request), is a no-argument method of
 * {@link Object} ({@code wait}, {@code notify}, {@code hashCode}, ...).
 */
public final class ServiceModels {
  private static final Set<String> CLIENT_HELPERS = Set.of("of", "withOptions", "withTimeout", "callOptions");
  private static final Set<String> OBJECT_NO_ARG_METHODS =
      Set.of("getClass", "hashCode", "toString", "notify", "notifyAll", "wait", "clone", "finalize");

  private final JavaTypeResolver types;

  /** A builder resolving message types with {@code types}. */
  public ServiceModels(JavaTypeResolver types) {
    this.types = types;
  }

  /**
   * The model of service number {@code index} of {@code file}.
   *
   * @throws CodegenException if a type is unknown or two methods would get the same Java name
   */
  public ServiceModel build(FileDescriptorProto file, int index) {
    ServiceDescriptorProto service = file.getService(index);
    String fullName = file.getPackage().isEmpty() ? service.getName() : file.getPackage() + "." + service.getName();
    ProtoComments comments = ProtoComments.of(file);
    List<ServiceModel.Method> methods = new ArrayList<>();
    for (int m = 0; m < service.getMethodCount(); m++) {
      methods.add(method(file, service.getMethod(m), comments.method(index, m)));
    }
    ServiceModel model = new ServiceModel(file.getName(), JavaTypeResolver.javaPackage(file), service.getName(),
        fullName, comments.service(index), List.copyOf(methods));
    checkDistinctNames(model);
    return model;
  }

  /** The Java method name of a proto method of this shape (see the class comment). */
  public static String javaMethodName(String protoName, ServiceModel.Shape shape) {
    String name = Naming.lowerCamel(protoName);
    if (name.isEmpty()) {
      throw new CodegenException("method " + protoName + " has no letters or digits to make a Java name from");
    }
    boolean reserved = Naming.isJavaReserved(name) || CLIENT_HELPERS.contains(name)
        || (shape.clientStreams() && OBJECT_NO_ARG_METHODS.contains(name));
    return reserved ? name + "_" : name;
  }

  private ServiceModel.Method method(FileDescriptorProto file, MethodDescriptorProto method, String comment) {
    ServiceModel.Shape shape = ServiceModel.Shape.of(method.getClientStreaming(), method.getServerStreaming());
    String signature = "rpc " + method.getName()
        + "(" + (method.getClientStreaming() ? "stream " : "") + protoTypeName(file, method.getInputType()) + ")"
        + " returns (" + (method.getServerStreaming() ? "stream " : "") + protoTypeName(file, method.getOutputType())
        + ")";
    return new ServiceModel.Method(
        method.getName(),
        javaMethodName(method.getName(), shape),
        Naming.methodConstant(method.getName()),
        shape,
        types.messageClass(method.getInputType()),
        types.messageClass(method.getOutputType()),
        signature,
        comment,
        method.getOptions().getDeprecated());
  }

  /** {@code .pkg.Msg} as the file would write it: relative to the file's package when inside it. */
  private static String protoTypeName(FileDescriptorProto file, String typeName) {
    String name = typeName.startsWith(".") ? typeName.substring(1) : typeName;
    String prefix = file.getPackage() + ".";
    return !file.getPackage().isEmpty() && name.startsWith(prefix) ? name.substring(prefix.length()) : name;
  }

  /** Method names, {@code *Async} variants and constants must not collide within the generated classes. */
  private static void checkDistinctNames(ServiceModel model) {
    Map<String, String> javaNames = new HashMap<>();
    Map<String, String> constants = new HashMap<>();
    for (ServiceModel.Method m : model.methods()) {
      claim(javaNames, m.javaName(), m, model);
      if (m.shape() == ServiceModel.Shape.UNARY) {
        claim(javaNames, m.javaName() + "Async", m, model);
      }
      claim(constants, m.constantName(), m, model);
    }
  }

  private static void claim(Map<String, String> taken, String javaName, ServiceModel.Method m, ServiceModel model) {
    String previous = taken.putIfAbsent(javaName, m.protoName());
    if (previous != null) {
      throw new CodegenException("service " + model.fullName() + ": methods " + previous + " and " + m.protoName()
          + " both map to the Java name " + javaName + "; rename one of them");
    }
  }
}
