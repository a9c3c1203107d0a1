package dev.ttrpc.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Command-line options of the form {@code -name value} or {@code --name value} (also {@code -name=value}), checked
 * against the names a command knows.
 */
public final class Args {
  private final String command;
  private final Map<String, String> values = new HashMap<>();

  private Args(String command) {
    this.command = command;
  }

  /**
   * Parses {@code args}.
   *
   * @throws IllegalArgumentException for an unknown option, a missing value or a stray argument
   */
  public static Args parse(String command, String[] args, Set<String> known) {
    Args parsed = new Args(command);
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("-") || a.equals("-") || a.equals("--")) {
        throw new IllegalArgumentException(command + ": unexpected argument '" + a + "'");
      }
      String name = a.startsWith("--") ? a.substring(2) : a.substring(1);
      String value;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new IllegalArgumentException(command + ": option -" + name + " needs a value");
      }
      if (!known.contains(name)) {
        throw new IllegalArgumentException(command + ": unknown option -" + name + " (known: " + known + ")");
      }
      parsed.values.put(name, value);
    }
    return parsed;
  }

  public String string(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  public String required(String name) {
    String v = values.get(name);
    if (v == null || v.isEmpty()) {
      throw new IllegalArgumentException(command + ": -" + name + " is required");
    }
    return v;
  }

  public long number(String name, long fallback, long min, long max) {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    long n;
    try {
      n = Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(command + ": -" + name + " must be a number, got '" + v + "'");
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException(command + ": -" + name + " must be within [" + min + ", " + max + "], got " + n);
    }
    return n;
  }
}
