package dev.ttrpc.testing;

import java.lang.reflect.Field;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * While open, every {@code dev.ttrpc} logger logs at TRACE and everything printed on {@code System.err} is copied,
 * so a test sees every log event the transport makes, whatever its level.
 *
 * <p>The test binding is slf4j-simple (configured at INFO by {@code simplelogger.properties}), which fixes a
 * logger's level when it is created and offers no API to change it. Loggers created while the capture is open get
 * TRACE from the system property slf4j-simple consults; loggers created before (a static field in a class another
 * test loaded) are lowered through slf4j-simple's {@code currentLogLevel} field. Both are undone on close.
 */
public final class TraceLogCapture implements AutoCloseable {
  private static final String PREFIX = "dev.ttrpc";
  private static final String LEVEL_PROPERTY = "org.slf4j.simpleLogger.log." + PREFIX;
  /** slf4j-simple's numeric TRACE level (SimpleLogger.LOG_LEVEL_TRACE, which is protected). */
  private static final int TRACE = 0;

  private final CapturedStderr stderr;
  private final String previousProperty;
  private final int defaultLevel;
  private final Map<Logger, Integer> previousLevels = new HashMap<>();

  public TraceLogCapture() {
    defaultLevel = level(LoggerFactory.getLogger(PREFIX + ".testing.TraceLogCaptureProbe"));
    previousProperty = System.setProperty(LEVEL_PROPERTY, "trace");
    for (Logger logger : transportLoggers().values()) {
      previousLevels.put(logger, level(logger));
      setLevel(logger, TRACE);
    }
    stderr = new CapturedStderr();
  }

  /** Whether the transport's loggers now log TRACE events (so that a quiet log means nothing was logged). */
  public boolean traceEnabled(Class<?> loggingClass) {
    return LoggerFactory.getLogger(loggingClass).isTraceEnabled();
  }

  /** Everything logged since the capture opened. */
  public String text() {
    return stderr.text();
  }

  @Override
  public void close() {
    stderr.close();
    if (previousProperty == null) {
      System.clearProperty(LEVEL_PROPERTY);
    } else {
      System.setProperty(LEVEL_PROPERTY, previousProperty);
    }
    for (Logger logger : transportLoggers().values()) {
      setLevel(logger, previousLevels.getOrDefault(logger, defaultLevel));
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Logger> transportLoggers() {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    try {
      Field map = factory.getClass().getDeclaredField("loggerMap");
      map.setAccessible(true);
      Map<String, Logger> loggers = new HashMap<>((ConcurrentMap<String, Logger>) map.get(factory));
      loggers.keySet().removeIf(name -> !name.startsWith(PREFIX));
      return loggers;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("TraceLogCapture expects the slf4j-simple binding, found "
          + factory.getClass().getName(), e);
    }
  }

  private static int level(Logger logger) {
    try {
      return levelField(logger).getInt(logger);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read the level of " + logger.getName(), e);
    }
  }

  private static void setLevel(Logger logger, int level) {
    try {
      levelField(logger).setInt(logger, level);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot set the level of " + logger.getName(), e);
    }
  }

  private static Field levelField(Logger logger) throws NoSuchFieldException {
    Field field = logger.getClass().getDeclaredField("currentLogLevel");
    field.setAccessible(true);
    return field;
  }
}
