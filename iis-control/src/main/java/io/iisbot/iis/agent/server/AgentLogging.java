package io.iisbot.iis.agent.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.status.OnErrorConsoleStatusListener;
import io.iisbot.iis.logging.LogFormat;
import io.iisbot.iis.logging.LogSetup;
import io.iisbot.iis.logging.OneLineLayout;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The agent's logging, on Logback: rolling files {@code iisbot-agent.0.log} (the newest) ... {@code
 * iisbot-agent.4.log} of up to 10 MB each, appended to across restarts, one line per record with
 * the stack trace below ({@link OneLineLayout#file()}); on Windows optionally WARN and above to the
 * Application event log under the source {@code iisbot-agent}; and, when run from a prompt, the
 * console. Levels are {@link LogSetup}'s: the agent at INFO, Javalin and Jetty at WARN.
 *
 * <p>Call {@link #configure} once at start, before the server logs anything.
 */
public final class AgentLogging {

  static final int FILE_LIMIT_BYTES = 10 * 1024 * 1024;
  static final int FILE_COUNT = 5;

  private AgentLogging() {}

  /**
   * Replaces Logback's setup with the log files in {@code logDir}, created if missing; when {@code
   * toEventLog} and on Windows, the Event Log; when {@code console} is not null, standard error in
   * that format. Calling it again replaces what the last call installed.
   *
   * @throws UncheckedIOException when the directory cannot be created or written; the message names
   *     it, and logging stays as it was
   */
  public static void configure(Path logDir, boolean toEventLog, LogFormat console) {
    configure(
        logDir,
        toEventLog && WindowsService.isWindows(),
        console,
        System.err,
        FILE_LIMIT_BYTES,
        FILE_COUNT,
        JnaEventLogApi::new);
  }

  static synchronized void configure(
      Path logDir,
      boolean toEventLog,
      LogFormat console,
      OutputStream consoleOut,
      long limitBytes,
      int count,
      Supplier<EventLogApi> eventLog) {
    LoggerContext ctx = LogSetup.context();
    // Checked before the old appenders go, so a bad directory leaves logging as it was.
    Path dir = writableDirectory(logDir, limitBytes, count);
    Logger root = LogSetup.reset(ctx);
    root.addAppender(files(ctx, dir, limitBytes, count));
    if (toEventLog) {
      EventLogAppender events = new EventLogAppender(eventLog.get(), EventLogAppender.SOURCE);
      events.setContext(ctx);
      events.start();
      root.addAppender(events);
      // The Event Log's own failures (source refused, ReportEvent failed) on standard error.
      OnErrorConsoleStatusListener errors = new OnErrorConsoleStatusListener();
      errors.setContext(ctx);
      errors.setRetrospective(0);
      errors.start();
      ctx.getStatusManager().add(errors);
    }
    if (console != null) {
      root.addAppender(LogSetup.console(ctx, console, consoleOut, Level.TRACE));
    }
  }

  /**
   * The directory, absolute, created if missing, where the first log file can be opened.
   *
   * @throws UncheckedIOException naming the directory when it cannot be
   */
  static Path writableDirectory(Path logDir, long limitBytes, int count) {
    Objects.requireNonNull(logDir, "logDir");
    Path dir = logDir.toAbsolutePath();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the log directory " + dir + ": " + e, e);
    }
    Path first = new NumberedLogFiles(dir, limitBytes, count).file(0);
    try (OutputStream probe =
        Files.newOutputStream(first, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write log files in " + dir + " (can the agent's account write there?): " + e, e);
    }
  }

  /**
   * The rolling files in {@code dir}, appending, UTF-8, with the {@link OneLineLayout#file()}
   * lines; started.
   *
   * @throws UncheckedIOException when Logback cannot open them
   */
  static RollingFileAppender<ILoggingEvent> files(
      LoggerContext ctx, Path dir, long limitBytes, int count) {
    NumberedLogFiles names = new NumberedLogFiles(dir, limitBytes, count);
    names.setContext(ctx);
    names.start();
    RollingFileAppender<ILoggingEvent> files = new RollingFileAppender<>();
    files.setContext(ctx);
    files.setName("files");
    files.setFile(names.getActiveFileName());
    files.setAppend(true);
    files.setRollingPolicy(names);
    files.setTriggeringPolicy(names);
    files.setEncoder(LogSetup.text(ctx, OneLineLayout.file(), true));
    files.start();
    if (!files.isStarted()) {
      throw new UncheckedIOException(
          new IOException("Logback could not open the log files in " + dir));
    }
    return files;
  }
}
