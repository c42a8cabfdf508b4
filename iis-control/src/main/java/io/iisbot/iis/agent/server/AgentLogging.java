package io.iisbot.iis.agent.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.logging.FileHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * The agent's logging, on java.util.logging: rolling files {@code iisbot-agent.0.log} ... {@code
 * iisbot-agent.4.log} of up to 10 MB each (appended to across restarts; {@code .0} is the newest),
 * one line per record with the stack trace below, and on Windows optionally WARNING and above to
 * the Application event log under the source {@code iisbot-agent}. Javalin and Jetty log through
 * SLF4J, which slf4j-jdk14 hands to java.util.logging, so their records land in the same files.
 *
 * <p>Thread-safe; call {@link #configure} once at start, before the server logs anything.
 */
public final class AgentLogging {

  static final String FILE_PATTERN = "iisbot-agent.%g.log";
  static final int FILE_LIMIT_BYTES = 10 * 1024 * 1024;
  static final int FILE_COUNT = 5;

  private AgentLogging() {}

  /**
   * Replaces the root logger's handlers (the JDK's console handler included) with the log files in
   * {@code logDir}, created if missing, and, when {@code toEventLog} and on Windows, the Event Log;
   * and sets the root level to {@code level}. Calling it again replaces what the last call
   * installed.
   *
   * @throws UncheckedIOException when the directory cannot be created or written; the message names
   *     it
   */
  public static void configure(Path logDir, boolean toEventLog, Level level) {
    configure(
        logDir,
        toEventLog && WindowsService.isWindows(),
        level,
        FILE_LIMIT_BYTES,
        FILE_COUNT,
        JnaEventLogApi::new);
  }

  static synchronized void configure(
      Path logDir,
      boolean toEventLog,
      Level level,
      int limitBytes,
      int count,
      Supplier<EventLogApi> eventLog) {
    Objects.requireNonNull(level, "level");
    // Opened before the old handlers go, so a bad directory leaves logging as it was.
    FileHandler file = fileHandler(logDir, limitBytes, count);
    Logger root = LogManager.getLogManager().getLogger("");
    for (Handler old : root.getHandlers()) {
      root.removeHandler(old);
      old.close();
    }
    root.setLevel(level);
    root.addHandler(file);
    if (toEventLog) {
      root.addHandler(new EventLogHandler(eventLog.get(), EventLogHandler.SOURCE));
    }
  }

  /** The rolling file handler, appending, UTF-8, with the {@link OneLineFormatter}. */
  static FileHandler fileHandler(Path logDir, int limitBytes, int count) {
    Objects.requireNonNull(logDir, "logDir");
    Path dir = logDir.toAbsolutePath();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the log directory " + dir + ": " + e, e);
    }
    // FileHandler reads % as its own escape (%g, %u, %t); a % in the directory is literal.
    String pattern = dir.resolve(FILE_PATTERN).toString();
    String escaped = dir.toString().replace("%", "%%") + pattern.substring(dir.toString().length());
    try {
      FileHandler handler = new FileHandler(escaped, limitBytes, count, true);
      handler.setEncoding(StandardCharsets.UTF_8.name());
      handler.setFormatter(new OneLineFormatter());
      handler.setLevel(Level.ALL);
      return handler;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write log files in " + dir + " (can the agent's account write there?): " + e, e);
    }
  }
}
