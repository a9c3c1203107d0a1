package dev.ttrpc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Call metadata: an ordered, multi-valued list of key/value pairs. Keys are lower-cased on the way in, as TTRPC
 * peers compare them case-insensitively; a key may appear any number of times.
 */
public final class Metadata {
  private static final Metadata EMPTY = new Metadata(new String[0], 0, true);

  private String[] pairs;
  private int size;
  private final boolean frozen;

  public Metadata() {
    this(new String[8], 0, false);
  }

  private Metadata(String[] pairs, int size, boolean frozen) {
    this.pairs = pairs;
    this.size = size;
    this.frozen = frozen;
  }

  /** A shared empty, unmodifiable instance. */
  public static Metadata empty() {
    return EMPTY;
  }

  /** Metadata from alternating keys and values: {@code of("k1", "v1", "k2", "v2")}. */
  public static Metadata of(String... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("metadata needs key/value pairs, got an odd count " + keysAndValues.length);
    }
    Metadata md = new Metadata();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      md.add(keysAndValues[i], keysAndValues[i + 1]);
    }
    return md;
  }

  /** Adds a value for a key, keeping the values already there. */
  public Metadata add(String key, String value) {
    if (frozen) {
      throw new UnsupportedOperationException("this metadata is read-only; copy() it first");
    }
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("metadata key must not be empty");
    }
    if (value == null) {
      throw new IllegalArgumentException("metadata value for key '" + key + "' must not be null");
    }
    if (2 * size + 2 > pairs.length) {
      pairs = Arrays.copyOf(pairs, Math.max(8, pairs.length * 2));
    }
    pairs[2 * size] = key.toLowerCase(Locale.ROOT);
    pairs[2 * size + 1] = value;
    size++;
    return this;
  }

  /** Replaces every value of a key by one value. */
  public Metadata set(String key, String value) {
    remove(key);
    return add(key, value);
  }

  /** Removes every value of a key. */
  public Metadata remove(String key) {
    if (frozen) {
      throw new UnsupportedOperationException("this metadata is read-only; copy() it first");
    }
    String k = key.toLowerCase(Locale.ROOT);
    int out = 0;
    for (int i = 0; i < size; i++) {
      if (!pairs[2 * i].equals(k)) {
        pairs[2 * out] = pairs[2 * i];
        pairs[2 * out + 1] = pairs[2 * i + 1];
        out++;
      }
    }
    Arrays.fill(pairs, 2 * out, 2 * size, null);
    size = out;
    return this;
  }

  /** The first value of a key, or null. */
  public String get(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    for (int i = 0; i < size; i++) {
      if (pairs[2 * i].equals(k)) {
        return pairs[2 * i + 1];
      }
    }
    return null;
  }

  /** Every value of a key, in the order they were added. */
  public List<String> getAll(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    List<String> values = new ArrayList<>(2);
    for (int i = 0; i < size; i++) {
      if (pairs[2 * i].equals(k)) {
        values.add(pairs[2 * i + 1]);
      }
    }
    return values;
  }

  /** The distinct keys, in first-seen order. */
  public Set<String> keys() {
    Set<String> keys = new LinkedHashSet<>();
    for (int i = 0; i < size; i++) {
      keys.add(pairs[2 * i]);
    }
    return keys;
  }

  /** Visits every pair in order. */
  public void forEach(BiConsumer<String, String> action) {
    for (int i = 0; i < size; i++) {
      action.accept(pairs[2 * i], pairs[2 * i + 1]);
    }
  }

  /** The key of pair {@code i}. */
  public String keyAt(int i) {
    return pairs[2 * i];
  }

  /** The value of pair {@code i}. */
  public String valueAt(int i) {
    return pairs[2 * i + 1];
  }

  /** The number of pairs (a key with two values counts twice). */
  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  /** A modifiable copy. */
  public Metadata copy() {
    return new Metadata(Arrays.copyOf(pairs, Math.max(8, 2 * size)), size, false);
  }

  /** A read-only view of this metadata's current pairs. */
  public Metadata frozen() {
    return frozen ? this : new Metadata(Arrays.copyOf(pairs, 2 * size), size, true);
  }

  /** A copy with every pair of {@code other} appended. */
  public Metadata merge(Metadata other) {
    if (other.isEmpty()) {
      return this;
    }
    if (isEmpty()) {
      return other;
    }
    Metadata md = copy();
    other.forEach(md::add);
    return md;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Metadata other
        && size == other.size
        && Arrays.equals(pairs, 0, 2 * size, other.pairs, 0, 2 * other.size);
  }

  @Override
  public int hashCode() {
    int h = size;
    for (int i = 0; i < 2 * size; i++) {
      h = 31 * h + pairs[i].hashCode();
    }
    return h;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < size; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(pairs[2 * i]).append('=').append(pairs[2 * i + 1]);
    }
    return sb.append('}').toString();
  }
}
