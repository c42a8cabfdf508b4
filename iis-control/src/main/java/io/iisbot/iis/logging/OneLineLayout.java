package io.iisbot.iis.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * One line per record: time, level, logger, the operation id from the MDC in brackets when there is
 * one, and the message; then the stack trace, if any, on the lines that follow. Line breaks inside
 * the message are written as {@code \n} and {@code \r}, so a request path or a pool name cannot
 * forge a log line. Thread-safe.
 *
 * <pre>
 * 16:05:14.123 INFO  Runs [op-20260105-090000-29736d-web03] ended SUCCEEDED in 4.554s     console()
 * 2026-01-05T16:05:14.123+01:00 WARN  io.iisbot.iis.agent.server.Agent drain took 91s   file()
 * </pre>
 */
public final class OneLineLayout extends LayoutBase<ILoggingEvent> {

  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX");

  private final DateTimeFormatter time;
  private final ZoneId zone;
  private final boolean shortLogger;
  private final String newline;

  OneLineLayout(DateTimeFormatter time, ZoneId zone, boolean shortLogger, String newline) {
    this.time = Objects.requireNonNull(time, "time");
    this.zone = Objects.requireNonNull(zone, "zone");
    this.shortLogger = shortLogger;
    this.newline = Objects.requireNonNull(newline, "newline");
  }

  /** For a terminal: the time of day and the logger's last name, local time. */
  public static OneLineLayout console() {
    return console(ZoneId.systemDefault(), System.lineSeparator());
  }

  static OneLineLayout console(ZoneId zone, String newline) {
    return new OneLineLayout(CLOCK, zone, true, newline);
  }

  /**
   * For files and the Event Log, which span days: the date, time and offset, and the whole logger
   * name, in this host's time (as Event Viewer shows it).
   */
  public static OneLineLayout file() {
    return file(ZoneId.systemDefault(), System.lineSeparator());
  }

  static OneLineLayout file(ZoneId zone, String newline) {
    return new OneLineLayout(ISO, zone, false, newline);
  }

  @Override
  public String doLayout(ILoggingEvent event) {
    StringBuilder line = new StringBuilder(128);
    line.append(time.format(event.getInstant().atZone(zone))).append(' ');
    String level = event.getLevel().toString();
    line.append(level).append(" ".repeat(Math.max(1, 6 - level.length())));
    line.append(logger(event.getLoggerName()));
    String operation = event.getMDCPropertyMap().get(OperationMdc.KEY);
    if (operation != null) {
      line.append(" [").append(escapeLineBreaks(operation)).append(']');
    }
    line.append(' ').append(escapeLineBreaks(event.getFormattedMessage())).append(newline);
    IThrowableProxy thrown = event.getThrowableProxy();
    if (thrown != null) {
      line.append(
          ThrowableProxyUtil.asString(thrown).replace(CoreConstants.LINE_SEPARATOR, newline));
    }
    return line.toString();
  }

  private String logger(String name) {
    if (name == null) {
      return "-";
    }
    return shortLogger ? name.substring(name.lastIndexOf('.') + 1) : name;
  }

  private static String escapeLineBreaks(String message) {
    if (message == null) {
      return "null";
    }
    return message.replace("\r", "\\r").replace("\n", "\\n");
  }
}
