package dev.ttrpc.demo.host;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Sends a signal to a host process: SIGKILL and SIGTERM through the JDK, any other signal through
 * {@code /bin/kill -s N pid}, because the JDK can send no other.
 */
final class Signals {
  static final int SIGKILL = 9;
  static final int SIGTERM = 15;
  private static final long KILL_COMMAND_TIMEOUT_SECONDS = 5;

  private Signals() {
  }

  /**
   * Signals {@code process}.
   *
   * @throws IllegalStateException when {@code /bin/kill} fails or hangs
   */
  static void send(ProcessHandle process, int signal) {
    switch (signal) {
      case SIGKILL -> process.destroyForcibly();
      case SIGTERM -> process.destroy();
      default -> killCommand(process.pid(), signal);
    }
  }

  private static void killCommand(long pid, int signal) {
    try {
      Process kill = new ProcessBuilder("/bin/kill", "-s", Integer.toString(signal), Long.toString(pid))
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!kill.waitFor(KILL_COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        kill.destroyForcibly();
        throw new IllegalStateException("/bin/kill -s " + signal + " " + pid + " did not finish");
      }
      if (kill.exitValue() != 0) {
        throw new IllegalStateException("/bin/kill -s " + signal + " " + pid + " exited " + kill.exitValue());
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run /bin/kill: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while signalling " + pid, e);
    }
  }
}
