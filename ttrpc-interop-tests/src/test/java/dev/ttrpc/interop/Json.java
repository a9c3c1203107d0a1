package dev.ttrpc.interop;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Just enough JSON for the Go peer's output: a reader (objects, arrays, strings, integers, booleans, null) and a
 * writer of {@code map[string][]string} that produces the bytes Go's {@code json.Marshal} does (keys sorted by their
 * UTF-8 bytes, HTML characters and U+2028/U+2029 escaped).
 */
final class Json {
  private final String s;
  private int i;

  private Json(String s) {
    this.s = s;
  }

  /** Parses one JSON value: Map, List, String, Long, Boolean or null. */
  static Object parse(String text) {
    Json p = new Json(text);
    Object v = p.value();
    p.ws();
    if (p.i != text.length()) {
      throw p.error("trailing characters");
    }
    return v;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> object(String text) {
    Object v = parse(text);
    if (!(v instanceof Map)) {
      throw new IllegalArgumentException("not a JSON object: " + text);
    }
    return (Map<String, Object>) v;
  }

  private Object value() {
    ws();
    if (i >= s.length()) {
      throw error("unexpected end");
    }
    char c = s.charAt(i);
    switch (c) {
      case '{' -> {
        i++;
        Map<String, Object> m = new LinkedHashMap<>();
        ws();
        if (peek('}')) {
          return m;
        }
        do {
          ws();
          String k = string();
          ws();
          expect(':');
          m.put(k, value());
          ws();
        } while (peek(','));
        expect('}');
        return m;
      }
      case '[' -> {
        i++;
        List<Object> l = new ArrayList<>();
        ws();
        if (peek(']')) {
          return l;
        }
        do {
          l.add(value());
          ws();
        } while (peek(','));
        expect(']');
        return l;
      }
      case '"' -> {
        return string();
      }
      case 't' -> {
        literal("true");
        return Boolean.TRUE;
      }
      case 'f' -> {
        literal("false");
        return Boolean.FALSE;
      }
      case 'n' -> {
        literal("null");
        return null;
      }
      default -> {
        int start = i;
        if (c == '-') {
          i++;
        }
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
          i++;
        }
        if (start == i || (i < s.length() && ".eE".indexOf(s.charAt(i)) >= 0)) {
          throw error("only integers are supported");
        }
        return Long.parseLong(s.substring(start, i));
      }
    }
  }

  private String string() {
    expect('"');
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (i >= s.length()) {
        throw error("unterminated string");
      }
      char c = s.charAt(i++);
      if (c == '"') {
        return sb.toString();
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      char e = s.charAt(i++);
      switch (e) {
        case '"', '\\', '/' -> sb.append(e);
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'u' -> {
          sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
          i += 4;
        }
        default -> throw error("bad escape \\" + e);
      }
    }
  }

  private void ws() {
    while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) {
      i++;
    }
  }

  private boolean peek(char c) {
    if (i < s.length() && s.charAt(i) == c) {
      i++;
      return true;
    }
    return false;
  }

  private void expect(char c) {
    if (!peek(c)) {
      throw error("expected '" + c + "'");
    }
  }

  private void literal(String word) {
    if (!s.startsWith(word, i)) {
      throw error("expected " + word);
    }
    i += word.length();
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException(what + " at " + i + " in JSON: " + s);
  }

  // ---- writing, as Go's encoding/json does

  /** {@code json.Marshal(map[string][]string)}, byte for byte. */
  static String goMarshal(Map<String, List<String>> map) {
    TreeMap<String, List<String>> sorted = new TreeMap<>((a, b) -> Arrays.compareUnsigned(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
    sorted.putAll(map);
    StringBuilder sb = new StringBuilder("{");
    boolean first = true;
    for (Map.Entry<String, List<String>> e : sorted.entrySet()) {
      if (!first) {
        sb.append(',');
      }
      first = false;
      goString(sb, e.getKey());
      sb.append(':');
      if (e.getValue() == null) {
        sb.append("null");
        continue;
      }
      sb.append('[');
      for (int j = 0; j < e.getValue().size(); j++) {
        if (j > 0) {
          sb.append(',');
        }
        goString(sb, e.getValue().get(j));
      }
      sb.append(']');
    }
    return sb.append('}').toString();
  }

  private static void goString(StringBuilder sb, String v) {
    sb.append('"');
    v.codePoints().forEach(c -> {
      switch (c) {
        case '"', '\\' -> sb.append('\\').appendCodePoint(c);
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029) {
            sb.append(String.format("\\u%04x", c));
          } else if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
            sb.append("\\ufffd"); // an unpaired surrogate: Go writes this for bytes that are not UTF-8
          } else {
            sb.appendCodePoint(c);
          }
        }
      }
    });
    sb.append('"');
  }
}
