package dev.ttrpc;

import java.nio.charset.StandardCharsets;

/**
 * Bounds on a call's metadata: how many entries, and how many bytes of keys plus values (UTF-8). A server refuses a
 * request over them with RESOURCE_EXHAUSTED on its stream; a client refuses to send such a call at all.
 *
 * <p>The defaults (64 entries, 16 KiB) leave containerd's real use far inside: it sends one or two entries (the
 * namespace key, sometimes a trace context) of well under 200 bytes. They are there so that one request cannot
 * make a server hold thousands of tiny strings (each costs an object header and a slot however small its bytes)
 * on top of the message size limit, which alone would allow a million empty entries in 4 MiB.
 *
 * @param maxEntries the most key/value pairs (a key with two values counts twice)
 * @param maxBytes the most bytes of keys and values together, UTF-8 encoded
 */
public record MetadataLimits(int maxEntries, int maxBytes) {
  /** 64 entries, 16 KiB. */
  public static final MetadataLimits DEFAULT = new MetadataLimits(64, 16 << 10);

  public MetadataLimits {
    if (maxEntries <= 0) {
      throw new IllegalArgumentException("maxMetadataEntries must be positive, got " + maxEntries);
    }
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxMetadataBytes must be positive, got " + maxBytes);
    }
  }

  /** Why {@code entries} entries of {@code bytes} bytes are over the limits, or null when they are within. */
  public String violation(int entries, long bytes) {
    if (entries > maxEntries) {
      return "metadata has " + entries + " entries, over the limit of " + maxEntries + " (maxMetadataEntries)";
    }
    if (bytes > maxBytes) {
      return "metadata has " + bytes + " bytes of keys and values, over the limit of " + maxBytes
          + " (maxMetadataBytes)";
    }
    return null;
  }

  /** Why {@code metadata} is over the limits, or null when it is within. */
  public String violation(Metadata metadata) {
    long bytes = 0;
    for (int i = 0; i < metadata.size(); i++) {
      bytes += utf8Length(metadata.keyAt(i)) + utf8Length(metadata.valueAt(i));
    }
    return violation(metadata.size(), bytes);
  }

  private static int utf8Length(String s) {
    // Cheap for the common ASCII case; exact for the rest.
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return s.getBytes(StandardCharsets.UTF_8).length;
      }
    }
    return s.length();
  }
}
