package dev.ttrpc.demo.host;

/**
 * Where a process's standard streams go, as containerd names them: empty, a path, or a {@code file://} URI.
 *
 * @param stdin what the process reads
 * @param stdout where its output goes
 * @param stderr where its errors go
 */
record Stdio(String stdin, String stdout, String stderr) {
}
