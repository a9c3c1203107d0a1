package dev.ttrpc.bench.soak;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Samples the server process from outside: open file descriptors ({@code /proc/PID/fd}), resident memory
 * ({@code VmRSS}) and heap in use after a garbage collection. A Java server's heap comes from {@code jcmd PID
 * GC.run} then {@code GC.heap_info} (a full collection, so the figure is the live heap; it costs the server one
 * pause a sample). A Go server's comes from its {@code GODEBUG=gctrace=1} log: the lowest live heap after a
 * collection ({@code A->B->C MB}, C) among the latest ones (the log's last 64 KiB, some hundreds of collections
 * under load), so Go needs no forced collection; the lowest, because the requests in flight at a collection are
 * live too and a 1 MiB one would hide the floor a leak raises.
 */
final class ServerProbe {
  private static final Pattern GO_GC = Pattern.compile("(\\d+)->(\\d+)->(\\d+) MB");
  private static final Pattern JAVA_USED = Pattern.compile("total (\\d+)K, used (\\d+)K");

  private final long pid;
  private final String kind;
  private final Path goGcTrace;

  /**
   * @param kind {@code java} or {@code go}
   * @param goGcTrace the Go server's stderr with gctrace lines; ignored for Java
   */
  ServerProbe(long pid, String kind, Path goGcTrace) {
    if (!kind.equals("java") && !kind.equals("go")) {
      throw new IllegalArgumentException("server kind must be java or go, got '" + kind + "'");
    }
    if (kind.equals("go") && goGcTrace == null) {
      throw new IllegalArgumentException("a go server needs -gctrace FILE (its stderr under GODEBUG=gctrace=1)");
    }
    this.pid = pid;
    this.kind = kind;
    this.goGcTrace = goGcTrace;
  }

  /** One sample; a figure that could not be read is -1. */
  Sample sample() {
    // The heap first: the first jcmd attach opens a socket in the server for good, which the fd count should see.
    long[] heap = kind.equals("java") ? javaHeapKib() : new long[] {goHeapKib(), -1};
    return new Sample(fds(), rssKib(), heap[0], heap[1]);
  }

  /**
   * @param fds open file descriptors
   * @param rssKib resident set, KiB
   * @param heapAfterGcKib heap in use after a collection, KiB
   * @param heapCommittedKib heap the JVM holds from the OS after that collection, KiB; -1 for Go
   */
  record Sample(long fds, long rssKib, long heapAfterGcKib, long heapCommittedKib) {}

  private long fds() {
    try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      return s.count();
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private long rssKib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      // Reported as unknown below.
    }
    return -1;
  }

  /**
   * Sums the "used" and "total" of the heap's spaces (one line for G1, one per generation for Serial and Parallel).
   *
   * @return used and committed KiB, -1 each when unknown
   */
  private long[] javaHeapKib() {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Path commands = null;
    try {
      commands = Files.createTempFile("soak-jcmd", ".txt");
      Files.writeString(commands, "GC.run\nGC.heap_info\n");
      Process p = new ProcessBuilder(List.of(jcmd.toString(), Long.toString(pid), "-f", commands.toString()))
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        return new long[] {-1, -1};
      }
      long used = -1;
      long committed = -1;
      for (String line : out.split("\n")) {
        Matcher m = JAVA_USED.matcher(line);
        if (m.find() && !line.trim().startsWith("Metaspace") && !line.trim().startsWith("class space")) {
          committed = Math.max(committed, 0) + Long.parseLong(m.group(1));
          used = Math.max(used, 0) + Long.parseLong(m.group(2));
        }
      }
      return new long[] {used, committed};
    } catch (IOException e) {
      return new long[] {-1, -1};
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new long[] {-1, -1};
    } finally {
      if (commands != null) {
        commands.toFile().delete();
      }
    }
  }

  /** The lowest live heap after a collection among those in the gctrace log's last 64 KiB. */
  private long goHeapKib() {
    try (RandomAccessFile f = new RandomAccessFile(goGcTrace.toFile(), "r")) {
      long start = Math.max(0, f.length() - 65536);
      byte[] tail = new byte[(int) (f.length() - start)];
      f.seek(start);
      f.readFully(tail);
      long live = -1;
      Matcher m = GO_GC.matcher(new String(tail, StandardCharsets.UTF_8));
      while (m.find()) {
        long kib = Long.parseLong(m.group(3)) * 1024;
        live = live < 0 ? kib : Math.min(live, kib);
      }
      return live;
    } catch (IOException e) {
      return -1;
    }
  }
}
