package dev.ttrpc.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time and heap allocation of this process, and CPU time of another one (from /proc). */
final class ProcessStats {
  /** Linux's USER_HZ, the unit of utime and stime in /proc/PID/stat, on every mainstream architecture. */
  private static final long TICKS_PER_SECOND = 100;

  private ProcessStats() {}

  /** CPU time of this process (all threads, user + system), in nanoseconds; -1 if unknown. */
  static long cpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  /** Bytes allocated on the heap by every thread of this JVM so far (dead threads included); -1 if unknown. */
  static long allocatedBytes() {
    if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
        && threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled()) {
      return threads.getTotalThreadAllocatedBytes();
    }
    return -1;
  }

  /** CPU time of process {@code pid} (user + system, 10 ms resolution) in nanoseconds; -1 if unreadable. */
  static long cpuNanosOf(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // The command name may hold spaces and parentheses: fields are counted after its closing parenthesis.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
      return ticks * (1_000_000_000L / TICKS_PER_SECOND);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
