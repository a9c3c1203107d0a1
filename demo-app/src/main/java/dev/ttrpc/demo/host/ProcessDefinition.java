package dev.ttrpc.demo.host;

import java.util.List;

/**
 * What to run: the fields of an OCI runtime-spec {@code Process} that a host process honours. Everything else in
 * the spec (user, capabilities, rlimits, the container's root, namespaces, cgroups) is ignored, because nothing here
 * isolates anything.
 *
 * @param args program and arguments; the program is looked up on this JVM's PATH
 * @param cwd absolute working directory on the host
 * @param env {@code NAME=value} entries, the process's whole environment
 */
public record ProcessDefinition(List<String> args, String cwd, List<String> env) {

  /** Checks the fields: at least a program, an absolute directory, every entry {@code NAME=value}. */
  public ProcessDefinition {
    args = List.copyOf(args);
    env = List.copyOf(env);
    if (args.isEmpty() || args.get(0).isEmpty()) {
      throw new IllegalArgumentException("process.args must name the program to run");
    }
    if (!cwd.startsWith("/")) {
      throw new IllegalArgumentException("process.cwd must be an absolute path, not '" + cwd + "'");
    }
    for (String entry : env) {
      if (entry.indexOf('=') <= 0) {
        throw new IllegalArgumentException("process.env entry '" + entry + "' is not NAME=value");
      }
    }
  }
}
