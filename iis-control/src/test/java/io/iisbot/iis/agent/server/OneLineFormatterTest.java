package io.iisbot.iis.agent.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

final class OneLineFormatterTest {

  private static final Instant AT = Instant.parse("2026-01-05T09:00:00.123Z");

  private final OneLineFormatter utc = new OneLineFormatter(ZoneOffset.UTC, "\n");

  private static LogRecord record(Level level, String message, Object... params) {
    LogRecord r = new LogRecord(level, message);
    r.setInstant(AT);
    r.setLoggerName("io.iisbot.iis.agent.server.Drain");
    r.setParameters(params);
    return r;
  }

  private static IllegalStateException boom() {
    IllegalStateException e = new IllegalStateException("port 8443 is in use");
    e.setStackTrace(
        new StackTraceElement[] {
          new StackTraceElement("io.iisbot.iis.agent.server.Server", "start", "Server.java", 42),
          new StackTraceElement("io.iisbot.iis.agent.server.AgentMain", "main", "AgentMain.java", 7)
        });
    return e;
  }

  @Test
  void format_withoutThrowable_isOneLine() {
    assertThat(utc.format(record(Level.WARNING, "drain took {0} s", 91)))
        .isEqualTo(
            "2026-01-05T09:00:00.123Z WARNING io.iisbot.iis.agent.server.Drain drain took 91 s\n");
  }

  @Test
  void format_withThrowable_putsTheStackTraceOnTheFollowingLines() {
    LogRecord r = record(Level.SEVERE, "service iisbot-agent failed to start");
    r.setThrown(boom());

    assertThat(utc.format(r))
        .isEqualTo(
            "2026-01-05T09:00:00.123Z SEVERE io.iisbot.iis.agent.server.Drain"
                + " service iisbot-agent failed to start\n"
                + "java.lang.IllegalStateException: port 8443 is in use\n"
                + "\tat io.iisbot.iis.agent.server.Server.start(Server.java:42)\n"
                + "\tat io.iisbot.iis.agent.server.AgentMain.main(AgentMain.java:7)\n");
  }

  @Test
  void format_crlf_endsEveryLineWithIt() {
    LogRecord r = record(Level.SEVERE, "failed");
    r.setThrown(boom());

    String out = new OneLineFormatter(ZoneOffset.UTC, "\r\n").format(r);

    assertThat(out).endsWith("\r\n");
    // Message, exception, two frames, and nothing after the last separator.
    assertThat(out.split("\r\n", -1)).hasSize(5);
    assertThat(out.replace("\r\n", "")).doesNotContain("\n").doesNotContain("\r");
  }

  @Test
  void format_lineBreaksInMessage_areEscapedSoNoLineCanBeForged() {
    assertThat(utc.format(record(Level.INFO, "pool {0}", "a\r\n2026-01-05 SEVERE forged")))
        .isEqualTo(
            "2026-01-05T09:00:00.123Z INFO io.iisbot.iis.agent.server.Drain"
                + " pool a\\r\\n2026-01-05 SEVERE forged\n");
  }

  @Test
  void format_localZone_printsTheOffset() {
    assertThat(new OneLineFormatter(ZoneId.of("+01:00"), "\n").format(record(Level.FINE, "x")))
        .startsWith("2026-01-05T10:00:00.123+01:00 FINE ");
  }

  @Test
  void format_noLoggerName_printsADash() {
    LogRecord r = record(Level.INFO, "x");
    r.setLoggerName(null);

    assertThat(utc.format(r)).isEqualTo("2026-01-05T09:00:00.123Z INFO - x\n");
  }
}
