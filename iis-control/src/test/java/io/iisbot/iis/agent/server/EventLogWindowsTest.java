package io.iisbot.iis.agent.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.ErrorManager;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The real Application log. Writes one warning event under the source {@code iisbot-agent}; needs
 * no elevation (RegisterEventSource of an unregistered source falls back to the Application log).
 */
@Tag("windows")
@EnabledOnOs(OS.WINDOWS)
final class EventLogWindowsTest {

  @Test
  void report_oneEvent_isAccepted() {
    JnaEventLogApi api = new JnaEventLogApi();
    EventLogApi.Source source = api.open(EventLogHandler.SOURCE);
    assertThat(source).isNotNull();
    try {
      assertThat(
              api.report(
                  source,
                  com.sun.jna.platform.win32.WinNT.EVENTLOG_INFORMATION_TYPE,
                  EventLogHandler.EVENT_ID,
                  "iisbot EventLogWindowsTest: direct report " + UUID.randomUUID()))
          .isTrue();
    } finally {
      api.close(source);
    }
  }

  @Test
  void publish_warning_reachesTheEventLogWithoutErrors() {
    List<String> errors = new ArrayList<>();
    EventLogHandler handler = new EventLogHandler(new JnaEventLogApi(), EventLogHandler.SOURCE);
    handler.setErrorManager(
        new ErrorManager() {
          @Override
          public synchronized void error(String msg, Exception ex, int code) {
            errors.add(code + " " + msg + " " + ex);
          }
        });
    LogRecord r =
        new LogRecord(Level.WARNING, "iisbot EventLogWindowsTest: handler " + UUID.randomUUID());
    r.setLoggerName(EventLogWindowsTest.class.getName());
    r.setThrown(new IllegalStateException("a stack trace for the event text"));

    handler.publish(r);
    handler.close();

    assertThat(errors).isEmpty();
  }
}
