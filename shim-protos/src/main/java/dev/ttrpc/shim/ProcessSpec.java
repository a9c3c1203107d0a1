package dev.ttrpc.shim;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An OCI runtime-spec {@code Process} for the Task {@code Exec} call.
 *
 * <p>{@code ExecProcessRequest.spec} carries the process as JSON inside an {@link Any} whose type URL is
 * {@value #TYPE_URL} (the name containerd registers for {@code specs.Process}, runtime-spec major
 * version 1). This class builds that JSON for the common fields; {@link #wrap(byte[])} wraps JSON
 * produced elsewhere.
 *
 * <pre>{@code
 * Any spec = ProcessSpec.builder()
 *     .args("sh", "-c", "echo hello")
 *     .env("PATH=/usr/bin:/bin")
 *     .cwd("/")
 *     .build()
 *     .toAny();
 * }</pre>
 */
public final class ProcessSpec {

  /** Type URL of an OCI process spec inside an {@code Any}. */
  public static final String TYPE_URL = "types.containerd.io/opencontainers/runtime-spec/1/Process";

  private final boolean terminal;
  private final long uid;
  private final long gid;
  private final List<Long> additionalGids;
  private final List<String> args;
  private final List<String> env;
  private final String cwd;
  private final List<String> capabilities;
  private final boolean noNewPrivileges;

  private ProcessSpec(Builder b) {
    this.terminal = b.terminal;
    this.uid = b.uid;
    this.gid = b.gid;
    this.additionalGids = List.copyOf(b.additionalGids);
    this.args = List.copyOf(b.args);
    this.env = List.copyOf(b.env);
    this.cwd = b.cwd;
    this.capabilities = b.capabilities == null ? null : List.copyOf(b.capabilities);
    this.noNewPrivileges = b.noNewPrivileges;
  }

  /**
   * Starts a builder with uid/gid 0, working directory {@code /}, no terminal and no capabilities.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Wraps OCI process JSON in an {@code Any} with type URL {@value #TYPE_URL}.
   *
   * @param processJson UTF-8 JSON of a runtime-spec {@code Process} object
   * @return the value for {@code ExecProcessRequest.spec}
   */
  public static Any wrap(byte[] processJson) {
    Objects.requireNonNull(processJson, "processJson");
    return Any.newBuilder().setTypeUrl(TYPE_URL).setValue(ByteString.copyFrom(processJson)).build();
  }

  /**
   * Wraps OCI process JSON in an {@code Any} with type URL {@value #TYPE_URL}.
   *
   * @param processJson JSON of a runtime-spec {@code Process} object
   * @return the value for {@code ExecProcessRequest.spec}
   */
  public static Any wrap(String processJson) {
    Objects.requireNonNull(processJson, "processJson");
    return wrap(processJson.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Renders this process as runtime-spec JSON (compact, field order as in the spec).
   *
   * @return the JSON text
   */
  public String toJson() {
    StringBuilder out = new StringBuilder(128);
    out.append("{\"terminal\":").append(terminal);
    out.append(",\"user\":{\"uid\":").append(uid).append(",\"gid\":").append(gid);
    if (!additionalGids.isEmpty()) {
      out.append(",\"additionalGids\":[");
      for (int i = 0; i < additionalGids.size(); i++) {
        out.append(i == 0 ? "" : ",").append(additionalGids.get(i));
      }
      out.append(']');
    }
    out.append('}');
    out.append(",\"args\":");
    appendStrings(out, args);
    if (!env.isEmpty()) {
      out.append(",\"env\":");
      appendStrings(out, env);
    }
    out.append(",\"cwd\":");
    appendString(out, cwd);
    if (capabilities != null) {
      out.append(",\"capabilities\":{\"bounding\":");
      appendStrings(out, capabilities);
      out.append(",\"effective\":");
      appendStrings(out, capabilities);
      out.append(",\"permitted\":");
      appendStrings(out, capabilities);
      out.append('}');
    }
    if (noNewPrivileges) {
      out.append(",\"noNewPrivileges\":true");
    }
    return out.append('}').toString();
  }

  /**
   * Returns the JSON wrapped for {@code ExecProcessRequest.spec}.
   *
   * @return an {@code Any} with type URL {@value #TYPE_URL}
   */
  public Any toAny() {
    return wrap(toJson());
  }

  /**
   * Returns the command line.
   *
   * @return program and arguments
   */
  public List<String> args() {
    return args;
  }

  /**
   * Returns the environment.
   *
   * @return {@code NAME=value} entries
   */
  public List<String> env() {
    return env;
  }

  /**
   * Returns the working directory.
   *
   * @return an absolute path inside the container
   */
  public String cwd() {
    return cwd;
  }

  private static void appendStrings(StringBuilder out, List<String> values) {
    out.append('[');
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      appendString(out, values.get(i));
    }
    out.append(']');
  }

  /** JSON string literal per RFC 8259: quote, backslash and control characters escaped. */
  static void appendString(StringBuilder out, String value) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /** Collects the fields of a {@link ProcessSpec}. */
  public static final class Builder {
    private boolean terminal;
    private long uid;
    private long gid;
    private final List<Long> additionalGids = new ArrayList<>();
    private final List<String> args = new ArrayList<>();
    private final List<String> env = new ArrayList<>();
    private String cwd = "/";
    private List<String> capabilities;
    private boolean noNewPrivileges;

    private Builder() {
    }

    /**
     * Sets the command line (replacing any earlier one).
     *
     * @param args program and arguments; the program is looked up in the container's PATH
     * @return this builder
     */
    public Builder args(String... args) {
      return args(List.of(args));
    }

    /**
     * Sets the command line (replacing any earlier one).
     *
     * @param args program and arguments
     * @return this builder
     */
    public Builder args(List<String> args) {
      this.args.clear();
      this.args.addAll(args);
      return this;
    }

    /**
     * Adds environment entries.
     *
     * @param entries {@code NAME=value} strings
     * @return this builder
     */
    public Builder env(String... entries) {
      for (String e : entries) {
        this.env.add(Objects.requireNonNull(e, "env entry"));
      }
      return this;
    }

    /**
     * Sets the working directory.
     *
     * @param cwd an absolute path inside the container
     * @return this builder
     */
    public Builder cwd(String cwd) {
      this.cwd = Objects.requireNonNull(cwd, "cwd");
      return this;
    }

    /**
     * Sets the user the process runs as.
     *
     * @param uid user id inside the container
     * @param gid group id inside the container
     * @return this builder
     */
    public Builder user(long uid, long gid) {
      this.uid = uid;
      this.gid = gid;
      return this;
    }

    /**
     * Adds supplementary group ids.
     *
     * @param gids group ids inside the container
     * @return this builder
     */
    public Builder additionalGids(long... gids) {
      for (long g : gids) {
        this.additionalGids.add(g);
      }
      return this;
    }

    /**
     * Allocates a pseudo terminal for the process (then stderr is merged into stdout).
     *
     * @param terminal true for a pty
     * @return this builder
     */
    public Builder terminal(boolean terminal) {
      this.terminal = terminal;
      return this;
    }

    /**
     * Grants capabilities (bounding, effective and permitted sets), e.g. {@code "CAP_KILL"}.
     * Without this call the process gets none.
     *
     * @param capabilities capability names
     * @return this builder
     */
    public Builder capabilities(List<String> capabilities) {
      this.capabilities = List.copyOf(capabilities);
      return this;
    }

    /**
     * Sets the no_new_privs bit.
     *
     * @param noNewPrivileges true to forbid gaining privileges via setuid binaries
     * @return this builder
     */
    public Builder noNewPrivileges(boolean noNewPrivileges) {
      this.noNewPrivileges = noNewPrivileges;
      return this;
    }

    /**
     * Builds the process.
     *
     * @return the process spec
     * @throws IllegalStateException if no command line was given or the working directory is not absolute
     */
    public ProcessSpec build() {
      if (args.isEmpty()) {
        throw new IllegalStateException("args must name the program to run");
      }
      if (!cwd.startsWith("/")) {
        throw new IllegalStateException("cwd must be an absolute path: " + cwd);
      }
      return new ProcessSpec(this);
    }
  }
}
