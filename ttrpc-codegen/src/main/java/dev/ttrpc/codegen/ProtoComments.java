package dev.ttrpc.codegen;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.SourceCodeInfo.Location;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The comments written above services and methods in a {@code .proto} file, from its {@code SourceCodeInfo} (protoc
 * fills it in for the files a plugin generates).
 */
public final class ProtoComments {
  private static final int FILE_SERVICE_FIELD = FileDescriptorProto.SERVICE_FIELD_NUMBER;
  private static final int SERVICE_METHOD_FIELD =
      com.google.protobuf.DescriptorProtos.ServiceDescriptorProto.METHOD_FIELD_NUMBER;

  private final Map<List<Integer>, String> leading = new HashMap<>();

  private ProtoComments(FileDescriptorProto file) {
    for (Location location : file.getSourceCodeInfo().getLocationList()) {
      if (location.hasLeadingComments()) {
        leading.put(List.copyOf(location.getPathList()), location.getLeadingComments());
      }
    }
  }

  /** The comments of {@code file}. */
  public static ProtoComments of(FileDescriptorProto file) {
    return new ProtoComments(file);
  }

  /** The comment above service number {@code service} (0-based), cleaned up; empty if none. */
  public String service(int service) {
    return clean(leading.get(List.of(FILE_SERVICE_FIELD, service)));
  }

  /** The comment above method {@code method} of service {@code service}, cleaned up; empty if none. */
  public String method(int service, int method) {
    return clean(leading.get(List.of(FILE_SERVICE_FIELD, service, SERVICE_METHOD_FIELD, method)));
  }

  /** Lines without trailing blanks, common indentation removed, no blank first or last line. */
  static String clean(String comment) {
    if (comment == null) {
      return "";
    }
    List<String> lines = comment.lines().map(String::stripTrailing).toList();
    int indent = lines.stream().filter(l -> !l.isEmpty())
        .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
    return lines.stream().map(l -> l.isEmpty() ? l : l.substring(indent))
        .collect(java.util.stream.Collectors.joining("\n")).strip();
  }
}
