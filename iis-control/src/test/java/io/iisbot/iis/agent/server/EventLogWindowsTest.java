package io.iisbot.iis.agent.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.status.Status;
import java.util.UUID;
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
    EventLogApi.Source source = api.open(EventLogAppender.SOURCE);
    assertThat(source).isNotNull();
    try {
      assertThat(
              api.report(
                  source,
                  com.sun.jna.platform.win32.WinNT.EVENTLOG_INFORMATION_TYPE,
                  EventLogAppender.EVENT_ID,
                  "iisbot EventLogWindowsTest: direct report " + UUID.randomUUID()))
          .isTrue();
    } finally {
      api.close(source);
    }
  }

  @Test
  void append_warning_reachesTheEventLogWithoutErrors() {
    LoggerContext context = new LoggerContext();
    EventLogAppender appender = new EventLogAppender(new JnaEventLogApi(), EventLogAppender.SOURCE);
    appender.setContext(context);
    appender.start();
    LoggingEvent r =
        new LoggingEvent(
            LoggingEvent.class.getName(),
            context.getLogger(EventLogWindowsTest.class),
            Level.WARN,
            "iisbot EventLogWindowsTest: appender " + UUID.randomUUID(),
            new IllegalStateException("a stack trace for the event text"),
            null);

    appender.doAppend(r);
    appender.stop();

    assertThat(context.getStatusManager().getCopyOfStatusList())
        .noneMatch(s -> s.getLevel() == Status.ERROR);
  }
}
