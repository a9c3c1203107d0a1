package dev.ttrpc.codegen;

import java.util.List;

/** Builds Java source text line by line, with two-space indentation and javadoc helpers. */
public final class JavaWriter {
  private static final String INDENT = "  ";

  private final StringBuilder out = new StringBuilder();
  private int depth;

  /** Appends one line at the current indentation (an empty string makes an empty line). */
  public JavaWriter line(String text) {
    if (!text.isEmpty()) {
      out.append(INDENT.repeat(depth)).append(text);
    }
    out.append('\n');
    return this;
  }

  /** Appends {@code text}, then indents the following lines one more level (for a line ending in '{'). */
  public JavaWriter open(String text) {
    line(text);
    depth++;
    return this;
  }

  /** Indents one level less, then appends {@code text} (for a line starting with '}'). */
  public JavaWriter close(String text) {
    depth--;
    return line(text);
  }

  /**
   * Appends a javadoc comment. Each entry is a paragraph of already-escaped javadoc text (it may span lines); an
   * entry starting with {@code @} is a block tag. Empty entries are skipped.
   */
  public JavaWriter javadoc(List<String> paragraphs) {
    List<String> parts = paragraphs.stream().filter(p -> !p.isEmpty()).toList();
    if (parts.isEmpty()) {
      return this;
    }
    if (parts.size() == 1 && !parts.get(0).contains("\n")) {
      return line("/** " + parts.get(0) + " */");
    }
    line("/**");
    boolean first = true;
    boolean inTags = false;
    for (String part : parts) {
      boolean tag = part.startsWith("@");
      if (!first && !(tag && inTags)) {
        line(" *");
      }
      String[] lines = part.split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        String text = (!first && !tag && i == 0 ? "<p>" : "") + lines[i];
        line(text.isEmpty() ? " *" : " * " + text);
      }
      first = false;
      inTags = tag;
    }
    return line(" */");
  }

  /** Convenience for {@link #javadoc(List)}. */
  public JavaWriter javadoc(String... paragraphs) {
    return javadoc(List.of(paragraphs));
  }

  /**
   * Makes free text (a proto comment) safe inside a javadoc comment: HTML-escapes it, and keeps {@code *}{@code /},
   * {@code @} and backslashes (which javac reads as unicode escapes even in comments) from being interpreted. Blank
   * lines become paragraph breaks.
   */
  public static String escapeJavadoc(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '@' -> out.append("&#64;");
        case '\\' -> out.append("&#92;");
        case '/' -> out.append(i > 0 && text.charAt(i - 1) == '*' ? "&#47;" : "/");
        default -> out.append(c);
      }
    }
    return out.toString().replace("\n\n", "\n\n<p>");
  }

  /** Makes a Java string literal of {@code value}. */
  public static String stringLiteral(String value) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        default -> {
          if (c < 0x20) {
            // Octal: javac decodes unicode escapes before lexing, so an escaped line break would end the literal.
            out.append(String.format("\\%03o", (int) c));
          } else if (c > 0x7e) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
