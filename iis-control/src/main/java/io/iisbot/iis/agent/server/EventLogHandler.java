package io.iisbot.iis.agent.server;

import com.sun.jna.platform.win32.WinNT;
import java.util.Objects;
import java.util.logging.ErrorManager;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * Writes log records to the Windows Application log under one source, as event 1000: SEVERE as an
 * error, WARNING as a warning, anything lower as information. Takes WARNING and above unless its
 * level is set otherwise ({@link #setLevel}). The text is the {@link OneLineFormatter} line with
 * the stack trace, cut to {@value #MAX_CHARS} characters. Never throws from {@link #publish}:
 * failures go to the {@link ErrorManager}. Thread-safe.
 *
 * <p>See {@link JnaEventLogApi} for why Event Viewer prefaces the text with "the description cannot
 * be found".
 */
final class EventLogHandler extends Handler {

  static final String SOURCE = "iisbot-agent";
  static final int EVENT_ID = 1000;

  /** ReportEvent takes at most 31,839 characters per string; leave room below that limit. */
  static final int MAX_CHARS = 31_000;

  static final String TRUNCATED = " [truncated]";

  private final EventLogApi api;
  private final String sourceName;
  private EventLogApi.Source source;
  private boolean closed;

  EventLogHandler(EventLogApi api, String sourceName) {
    this.api = Objects.requireNonNull(api, "api");
    this.sourceName = Objects.requireNonNull(sourceName, "sourceName");
    setLevel(Level.WARNING);
    setFormatter(new OneLineFormatter());
  }

  @Override
  public synchronized void publish(LogRecord record) {
    if (closed || !isLoggable(record)) {
      return;
    }
    String text;
    try {
      text = text(getFormatter().format(record));
    } catch (RuntimeException e) {
      reportError("cannot format a record for the Event Log", e, ErrorManager.FORMAT_FAILURE);
      return;
    }
    try {
      if (source == null) {
        source = api.open(sourceName);
        if (source == null) {
          // Tried again with the next record: the Event Log service may just be starting.
          reportError("cannot open event source " + sourceName, null, ErrorManager.OPEN_FAILURE);
          return;
        }
      }
      if (!api.report(source, type(record.getLevel()), EVENT_ID, text)) {
        reportError("ReportEvent refused a record", null, ErrorManager.WRITE_FAILURE);
      }
    } catch (RuntimeException | LinkageError e) {
      // LinkageError too: a missing or broken jnidispatch must not take down the logger's
      // caller. Other Errors (out of memory) are not ours to hide.
      reportError(
          "cannot write to the Event Log",
          e instanceof Exception ? (Exception) e : new IllegalStateException(e),
          ErrorManager.WRITE_FAILURE);
    }
  }

  /** The event type for a level. */
  static int type(Level level) {
    if (level.intValue() >= Level.SEVERE.intValue()) {
      return WinNT.EVENTLOG_ERROR_TYPE;
    }
    if (level.intValue() >= Level.WARNING.intValue()) {
      return WinNT.EVENTLOG_WARNING_TYPE;
    }
    return WinNT.EVENTLOG_INFORMATION_TYPE;
  }

  /**
   * The formatted record as one insertion string: without the last line break, without NULs (the
   * native string would end there) and at most {@value #MAX_CHARS} characters, marked when cut.
   */
  static String text(String formatted) {
    String s = formatted.stripTrailing().replace('\0', '\uFFFD');
    if (s.length() <= MAX_CHARS) {
      return s;
    }
    int end = MAX_CHARS - TRUNCATED.length();
    if (Character.isHighSurrogate(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(0, end) + TRUNCATED;
  }

  @Override
  public void flush() {
    // ReportEvent writes through; nothing is buffered here.
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (source != null) {
      try {
        api.close(source);
      } catch (RuntimeException | LinkageError e) {
        reportError(
            "cannot close event source " + sourceName,
            e instanceof Exception ? (Exception) e : new IllegalStateException(e),
            ErrorManager.CLOSE_FAILURE);
      }
      source = null;
    }
  }
}
