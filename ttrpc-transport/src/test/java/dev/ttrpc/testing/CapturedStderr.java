package dev.ttrpc.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Copies everything printed on {@code System.err} while open, still printing it too. The transport logs through
 * SLF4J, and the test binding (slf4j-simple) looks up {@code System.err} at each log call: this is how a test reads
 * the server's log lines.
 */
public final class CapturedStderr implements AutoCloseable {
  private final PrintStream original = System.err;
  private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

  public CapturedStderr() {
    OutputStream tee = new OutputStream() {
      @Override
      public void write(int b) {
        synchronized (copy) {
          copy.write(b);
        }
        original.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        synchronized (copy) {
          copy.write(b, off, len);
        }
        original.write(b, off, len);
      }
    };
    System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
  }

  /** What was printed so far. */
  public String text() {
    synchronized (copy) {
      return copy.toString(StandardCharsets.UTF_8);
    }
  }

  @Override
  public void close() {
    System.err.flush();
    System.setErr(original);
  }
}
