package dev.ttrpc.codegen;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How protobuf names become Java names. Pure functions on strings.
 *
 * <p>A proto identifier is split into words at underscores, at a lower-case letter or digit followed by an upper-case
 * letter, and at the last capital of an acronym followed by a lower-case letter: {@code CloseIO} is {@code Close IO},
 * {@code HTTPServer} is {@code HTTP Server}, {@code get_v2_data} and {@code GetV2Data} are {@code get v2 data}
 * (digits stay with the word before them). From the words:
 *
 * <ul>
 *   <li>Java method names are lowerCamel, acronyms kept: {@code CloseIO} → {@code closeIO}, {@code HTTPServer} →
 *       {@code httpServer}, {@code ResizePty} → {@code resizePty}.
 *   <li>Method descriptor constants are {@code METHOD_} and UPPER_SNAKE: {@code METHOD_CLOSE_IO},
 *       {@code METHOD_HTTP_SERVER}, {@code METHOD_RESIZE_PTY}.
 * </ul>
 */
public final class Naming {
  /** Prefix of the method descriptor constants. */
  public static final String METHOD_CONSTANT_PREFIX = "METHOD_";

  private static final Set<String> JAVA_RESERVED = Set.of(
      "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const", "continue",
      "default", "do", "double", "else", "enum", "extends", "final", "finally", "float", "for", "goto", "if",
      "implements", "import", "instanceof", "int", "interface", "long", "native", "new", "package", "private",
      "protected", "public", "return", "short", "static", "strictfp", "super", "switch", "synchronized", "this",
      "throw", "throws", "transient", "try", "void", "volatile", "while", "true", "false", "null", "_");

  private Naming() {}

  /** The words of a proto identifier, as written (see the class comment). */
  public static List<String> words(String name) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!isAsciiLetterOrDigit(c)) {
        flush(word, words);
        continue;
      }
      if (word.length() > 0 && isUpper(c)) {
        char prev = name.charAt(i - 1);
        boolean afterLowerOrDigit = isLower(prev) || isDigit(prev);
        boolean endsAcronym = isUpper(prev) && i + 1 < name.length() && isLower(name.charAt(i + 1));
        if (afterLowerOrDigit || endsAcronym) {
          flush(word, words);
        }
      }
      word.append(c);
    }
    flush(word, words);
    return words;
  }

  /** {@code CloseIO} → {@code CLOSE_IO}. */
  public static String upperSnake(String name) {
    return String.join("_", words(name)).toUpperCase(Locale.ROOT);
  }

  /** lowerCamel: {@code CloseIO} → {@code closeIO}, {@code HTTPServer} → {@code httpServer}. */
  public static String lowerCamel(String name) {
    List<String> words = words(name);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      if (i == 0) {
        out.append(w.toLowerCase(Locale.ROOT));
      } else {
        out.append(Character.toUpperCase(w.charAt(0))).append(w, 1, w.length());
      }
    }
    return out.toString();
  }

  /** {@code foo} → {@code Foo}: a proto service name as a Java class name prefix. */
  public static String upperFirst(String name) {
    return name.isEmpty() ? name : Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  /** The constant holding a method's descriptor: {@code CloseIO} → {@code METHOD_CLOSE_IO}. */
  public static String methodConstant(String protoMethodName) {
    return METHOD_CONSTANT_PREFIX + upperSnake(protoMethodName);
  }

  /** Whether {@code name} is a Java keyword or literal, which cannot name a method. */
  public static boolean isJavaReserved(String name) {
    return JAVA_RESERVED.contains(name);
  }

  /**
   * The outer class name protoc's Java generator derives from a file name when {@code java_outer_classname} is not
   * set, before any conflict suffix: the base name without {@code .proto}, camel-cased at underscores, digits and
   * other non-letters ({@code my_file-v2.proto} → {@code MyFileV2}).
   */
  public static String fileClassName(String protoFileName) {
    String base = protoFileName.substring(protoFileName.lastIndexOf('/') + 1);
    if (base.endsWith(".protodevel")) {
      base = base.substring(0, base.length() - ".protodevel".length());
    } else if (base.endsWith(".proto")) {
      base = base.substring(0, base.length() - ".proto".length());
    }
    StringBuilder out = new StringBuilder();
    boolean capNext = true;
    for (int i = 0; i < base.length(); i++) {
      char c = base.charAt(i);
      if (isLower(c)) {
        out.append(capNext ? Character.toUpperCase(c) : c);
        capNext = false;
      } else if (isUpper(c)) {
        out.append(c);
        capNext = false;
      } else if (isDigit(c)) {
        out.append(c);
        capNext = true;
      } else {
        capNext = true;
      }
    }
    return out.toString();
  }

  private static void flush(StringBuilder word, List<String> words) {
    if (word.length() > 0) {
      words.add(word.toString());
      word.setLength(0);
    }
  }

  private static boolean isUpper(char c) {
    return c >= 'A' && c <= 'Z';
  }

  private static boolean isLower(char c) {
    return c >= 'a' && c <= 'z';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isAsciiLetterOrDigit(char c) {
    return isUpper(c) || isLower(c) || isDigit(c);
  }
}
