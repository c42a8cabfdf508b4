package io.iisbot.iis.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Sets up Logback for the runnable jars, in code, so that the library jar carries no logging
 * configuration: iisbot's own loggers ({@code io.iisbot}) at INFO, every library (Jetty, Javalin,
 * JDA, Slack, the JDBC drivers, and those on java.util.logging) at WARN, in the {@link
 * OneLineLayout#console()} or JSON format. Started with {@code -Dlogback.configurationFile=FILE},
 * the jars leave Logback to that file instead.
 *
 * <p>Each setup replaces the last one. Call from {@code main}, before anything else logs; not meant
 * for concurrent use.
 */
public final class LogSetup {

  /** The loggers kept at INFO; the rest are quiet below WARN. */
  public static final String IISBOT = "io.iisbot";

  private LogSetup() {}

  /** Every record to standard error in {@code format}. */
  public static void toConsole(LogFormat format) {
    if (operatorsOwnFile()) {
      routeJul();
      return;
    }
    LoggerContext ctx = context();
    reset(ctx).addAppender(console(ctx, format, System.err, Level.TRACE));
  }

  /**
   * The demo, whose terminal is the walk-through: warnings and errors to standard error in {@code
   * format}, and everything, warnings included, to {@code file} (appended to, one line each).
   *
   * @return whether the file takes the records; when it cannot be written, everything goes to
   *     standard error as with {@link #toConsole}
   */
  public static boolean demo(LogFormat format, Path file) {
    if (operatorsOwnFile()) {
      routeJul();
      return false;
    }
    LoggerContext ctx = context();
    FileAppender<ILoggingEvent> appender = new FileAppender<>();
    appender.setContext(ctx);
    appender.setName("file");
    appender.setFile(file.toAbsolutePath().toString());
    appender.setAppend(true);
    appender.setEncoder(text(ctx, OneLineLayout.file(), true));
    appender.start();
    Logger root = reset(ctx);
    if (!appender.isStarted()) {
      root.addAppender(console(ctx, format, System.err, Level.TRACE));
      return false;
    }
    root.addAppender(appender);
    root.addAppender(console(ctx, format, System.err, Level.WARN));
    return true;
  }

  /** Whether the JVM was started with a Logback file of the operator's own. */
  public static boolean operatorsOwnFile() {
    return System.getProperty("logback.configurationFile") != null;
  }

  /** Logback's context: the one SLF4J is bound to. */
  public static LoggerContext context() {
    return (LoggerContext) LoggerFactory.getILoggerFactory();
  }

  /**
   * Starts over: no appenders, {@code io.iisbot} at INFO and everything else at WARN, with records
   * logged through java.util.logging routed into Logback (levels follow, so a quiet JUL logger
   * costs nothing).
   *
   * @return the root logger, to add appenders to
   */
  public static Logger reset(LoggerContext ctx) {
    ctx.reset();
    LevelChangePropagator jul = new LevelChangePropagator();
    jul.setContext(ctx);
    jul.setResetJUL(true);
    jul.start();
    ctx.addListener(jul);
    Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.WARN);
    ctx.getLogger(IISBOT).setLevel(Level.INFO);
    routeJul();
    return root;
  }

  /** Records logged through java.util.logging go to SLF4J instead of JUL's own console. */
  private static void routeJul() {
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
  }

  /**
   * A started appender writing records at {@code threshold} and above to {@code out}, which it
   * never closes (standard error stays open when logging is set up again).
   */
  public static Appender<ILoggingEvent> console(
      LoggerContext ctx, LogFormat format, OutputStream out, Level threshold) {
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setContext(ctx);
    appender.setName("console");
    appender.setEncoder(
        format == LogFormat.JSON ? json(ctx) : text(ctx, OneLineLayout.console(), false));
    appender.setOutputStream(new KeepOpen(out));
    ThresholdFilter filter = new ThresholdFilter();
    filter.setContext(ctx);
    filter.setLevel(threshold.toString());
    filter.start();
    appender.addFilter(filter);
    appender.start();
    return appender;
  }

  /** Lines from {@code layout}: UTF-8 for files, the platform's charset for a terminal. */
  public static Encoder<ILoggingEvent> text(LoggerContext ctx, OneLineLayout layout, boolean utf8) {
    layout.setContext(ctx);
    layout.start();
    LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
    encoder.setContext(ctx);
    encoder.setLayout(layout);
    if (utf8) {
      encoder.setCharset(StandardCharsets.UTF_8);
    }
    encoder.start();
    return encoder;
  }

  /** One JSON object per line ({@link JsonLineLayout}), UTF-8 as JSON must be. */
  static Encoder<ILoggingEvent> json(LoggerContext ctx) {
    JsonLineLayout layout = new JsonLineLayout();
    layout.setContext(ctx);
    layout.start();
    LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
    encoder.setContext(ctx);
    encoder.setLayout(layout);
    encoder.setCharset(StandardCharsets.UTF_8);
    encoder.start();
    return encoder;
  }

  /** Passes writes through; closing only flushes. */
  private static final class KeepOpen extends FilterOutputStream {
    KeepOpen(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
