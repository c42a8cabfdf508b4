package io.iisbot.iis.agent.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.sun.jna.platform.win32.WinNT;
import io.iisbot.iis.logging.OneLineLayout;
import java.util.Objects;

/**
 * Writes log records to the Windows Application log under one source, as event 1000: ERROR as an
 * error, WARN as a warning, anything lower as information. Takes WARN and above unless told
 * otherwise ({@link #setThreshold}). The text is the {@link OneLineLayout#file()} line with the
 * stack trace, cut to {@value #MAX_CHARS} characters. Never throws from {@link #doAppend}: failures
 * go to Logback's status manager. Thread-safe (Logback calls {@link #append} one record at a time).
 *
 * <p>See {@link JnaEventLogApi} for why Event Viewer prefaces the text with "the description cannot
 * be found".
 */
final class EventLogAppender extends AppenderBase<ILoggingEvent> {

  static final String SOURCE = "iisbot-agent";
  static final int EVENT_ID = 1000;

  /** ReportEvent takes at most 31,839 characters per string; leave room below that limit. */
  static final int MAX_CHARS = 31_000;

  static final String TRUNCATED = " [truncated]";

  private final EventLogApi api;
  private final String sourceName;
  private final OneLineLayout layout = OneLineLayout.file();
  private volatile Level threshold = Level.WARN;
  private EventLogApi.Source source;

  EventLogAppender(EventLogApi api, String sourceName) {
    this.api = Objects.requireNonNull(api, "api");
    this.sourceName = Objects.requireNonNull(sourceName, "sourceName");
    setName("eventlog");
  }

  /** Records below this level are left to the files. */
  void setThreshold(Level level) {
    this.threshold = Objects.requireNonNull(level, "level");
  }

  @Override
  public void start() {
    layout.setContext(getContext());
    layout.start();
    super.start();
  }

  @Override
  protected void append(ILoggingEvent record) {
    if (!record.getLevel().isGreaterOrEqual(threshold)) {
      return;
    }
    String text;
    try {
      text = text(layout.doLayout(record));
    } catch (RuntimeException e) {
      addError("cannot format a record for the Event Log", e);
      return;
    }
    try {
      if (source == null) {
        source = api.open(sourceName);
        if (source == null) {
          // Tried again with the next record: the Event Log service may just be starting.
          addError("cannot open event source " + sourceName);
          return;
        }
      }
      if (!api.report(source, type(record.getLevel()), EVENT_ID, text)) {
        addError("ReportEvent refused a record");
      }
    } catch (RuntimeException | LinkageError e) {
      // LinkageError too: a missing or broken jnidispatch must not take down the logger's
      // caller. Other Errors (out of memory) are not ours to hide.
      addError("cannot write to the Event Log", e);
    }
  }

  /** The event type for a level. */
  static int type(Level level) {
    if (level.isGreaterOrEqual(Level.ERROR)) {
      return WinNT.EVENTLOG_ERROR_TYPE;
    }
    if (level.isGreaterOrEqual(Level.WARN)) {
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

  /** Later records are ignored; the event source is deregistered. */
  @Override
  public synchronized void stop() {
    super.stop();
    if (source != null) {
      try {
        api.close(source);
      } catch (RuntimeException | LinkageError e) {
        addError("cannot close event source " + sourceName, e);
      }
      source = null;
    }
  }
}
