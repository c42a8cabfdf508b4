package io.iisbot.iis.agent.server;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * One line per record: ISO-8601 time with milliseconds and offset, level, logger, message; then the
 * stack trace, if any, on the lines that follow. Line breaks inside the message are written as
 * {@code \n} and {@code \r}, so a request path or a pool name cannot forge a log line. Lines end
 * with the platform's separator. Thread-safe.
 *
 * <pre>
 * 2026-01-05T09:00:00.000Z WARNING io.iisbot.iis.agent.server.X drain took 91 s
 * </pre>
 */
final class OneLineFormatter extends Formatter {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX");

  private final ZoneId zone;
  private final String newline;

  /** Local time of this host, as Event Viewer shows it, and the platform's line separator. */
  OneLineFormatter() {
    this(ZoneId.systemDefault(), System.lineSeparator());
  }

  OneLineFormatter(ZoneId zone, String newline) {
    this.zone = Objects.requireNonNull(zone, "zone");
    this.newline = Objects.requireNonNull(newline, "newline");
  }

  @Override
  public String format(LogRecord record) {
    StringBuilder line = new StringBuilder(128);
    line.append(TIME.format(record.getInstant().atZone(zone)))
        .append(' ')
        .append(record.getLevel().getName())
        .append(' ')
        .append(record.getLoggerName() == null ? "-" : record.getLoggerName())
        .append(' ')
        .append(escapeLineBreaks(formatMessage(record)))
        .append(newline);
    Throwable thrown = record.getThrown();
    if (thrown != null) {
      StringWriter trace = new StringWriter();
      try (PrintWriter out = new PrintWriter(trace)) {
        thrown.printStackTrace(out);
      }
      line.append(trace.toString().replace(System.lineSeparator(), newline));
    }
    return line.toString();
  }

  private static String escapeLineBreaks(String message) {
    if (message == null) {
      return "null";
    }
    return message.replace("\r", "\\r").replace("\n", "\\n");
  }
}
