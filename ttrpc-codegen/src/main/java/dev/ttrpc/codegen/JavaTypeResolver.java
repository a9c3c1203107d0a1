package dev.ttrpc.codegen;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps protobuf message names to the Java classes protoc's Java generator makes for them, following its rules:
 *
 * <ul>
 *   <li>the Java package is {@code java_package}, else the proto package;
 *   <li>with {@code java_multiple_files} each top-level message is its own class in that package; without it, every
 *       message is nested in the file's outer class;
 *   <li>the outer class is {@code java_outer_classname}, else the camel-cased file name, with {@code OuterClass}
 *       appended when a message, enum or service of the file (nested ones included) already has that name;
 *   <li>nested messages are nested classes: {@code .pkg.Outer.Inner} → {@code pkg.Outer.Inner}.
 * </ul>
 *
 * <p>Built from every file of a {@code CodeGeneratorRequest} (protoc sends the files to generate and all their
 * imports, the {@code google/protobuf} ones included), so types from other files resolve too.
 */
public final class JavaTypeResolver {
  private static final String OUTER_CLASS_SUFFIX = "OuterClass";

  private final Map<String, String> messageClasses = new HashMap<>();
  /** Java package → simple class name → what it is, e.g. "the outer class of a/b.proto". */
  private final Map<String, Map<String, String>> topLevelClasses = new HashMap<>();

  private JavaTypeResolver() {}

  /** A resolver knowing the messages of {@code files}. */
  public static JavaTypeResolver of(List<FileDescriptorProto> files) {
    JavaTypeResolver resolver = new JavaTypeResolver();
    files.forEach(resolver::add);
    return resolver;
  }

  /** The Java package of a file's classes: {@code java_package}, else its proto package (may be empty). */
  public static String javaPackage(FileDescriptorProto file) {
    return file.getOptions().hasJavaPackage() ? file.getOptions().getJavaPackage() : file.getPackage();
  }

  /** The simple name of a file's outer class. */
  public static String outerClassName(FileDescriptorProto file) {
    if (file.getOptions().hasJavaOuterClassname()) {
      return file.getOptions().getJavaOuterClassname();
    }
    String name = Naming.fileClassName(file.getName());
    return hasConflictingName(file, name) ? name + OUTER_CLASS_SUFFIX : name;
  }

  /** {@code a.b} + {@code C} → {@code a.b.C}; an empty package leaves {@code C}. */
  public static String qualify(String javaPackage, String simpleName) {
    return javaPackage.isEmpty() ? simpleName : javaPackage + "." + simpleName;
  }

  /**
   * The Java class of a message.
   *
   * @param protoTypeName the fully qualified proto name as descriptors write it, e.g. {@code .example.kv.v1.Entry}
   * @throws CodegenException if no file of the request declares it
   */
  public String messageClass(String protoTypeName) {
    String javaClass = messageClasses.get(protoTypeName);
    if (javaClass == null) {
      throw new CodegenException("unknown message type " + protoTypeName);
    }
    return javaClass;
  }

  /** Whether protoc's Java generator makes a top-level class {@code simpleName} in {@code javaPackage}. */
  public boolean hasTopLevelClass(String javaPackage, String simpleName) {
    return topLevelClasses.getOrDefault(javaPackage, Map.of()).containsKey(simpleName);
  }

  /**
   * What the top-level class {@code simpleName} of {@code javaPackage} is, e.g. {@code the outer class of
   * a/b.proto} or {@code message Foo of a/b.proto}; null if protoc's Java generator makes no such class.
   */
  public String describeTopLevelClass(String javaPackage, String simpleName) {
    return topLevelClasses.getOrDefault(javaPackage, Map.of()).get(simpleName);
  }

  private void add(FileDescriptorProto file) {
    String javaPackage = javaPackage(file);
    String outer = outerClassName(file);
    boolean multipleFiles = file.getOptions().getJavaMultipleFiles();
    Map<String, String> topLevel = topLevelClasses.computeIfAbsent(javaPackage, p -> new HashMap<>());
    topLevel.putIfAbsent(outer, "the outer class of " + file.getName());
    String protoPrefix = file.getPackage().isEmpty() ? "." : "." + file.getPackage() + ".";
    String javaPrefix = multipleFiles ? qualify(javaPackage, "") : qualify(javaPackage, outer) + ".";
    for (DescriptorProto message : file.getMessageTypeList()) {
      addMessage(message, protoPrefix, javaPrefix);
      if (multipleFiles) {
        topLevel.putIfAbsent(message.getName(), "message " + message.getName() + " of " + file.getName());
      }
    }
    if (multipleFiles) {
      file.getEnumTypeList().forEach(
          e -> topLevel.putIfAbsent(e.getName(), "enum " + e.getName() + " of " + file.getName()));
    }
  }

  private void addMessage(DescriptorProto message, String protoPrefix, String javaPrefix) {
    String protoName = protoPrefix + message.getName();
    String javaName = javaPrefix + message.getName();
    messageClasses.put(protoName, javaName);
    for (DescriptorProto nested : message.getNestedTypeList()) {
      addMessage(nested, protoName + ".", javaName + ".");
    }
  }

  /** protoc's {@code HasConflictingClassName}: a message, enum or service of the file, nested ones included. */
  private static boolean hasConflictingName(FileDescriptorProto file, String name) {
    for (EnumDescriptorProto e : file.getEnumTypeList()) {
      if (e.getName().equals(name)) {
        return true;
      }
    }
    for (var s : file.getServiceList()) {
      if (s.getName().equals(name)) {
        return true;
      }
    }
    for (DescriptorProto m : file.getMessageTypeList()) {
      if (messageHasName(m, name)) {
        return true;
      }
    }
    return false;
  }

  private static boolean messageHasName(DescriptorProto message, String name) {
    if (message.getName().equals(name)) {
      return true;
    }
    for (EnumDescriptorProto e : message.getEnumTypeList()) {
      if (e.getName().equals(name)) {
        return true;
      }
    }
    for (DescriptorProto nested : message.getNestedTypeList()) {
      if (messageHasName(nested, name)) {
        return true;
      }
    }
    return false;
  }
}
