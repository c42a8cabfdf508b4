package io.iisbot.iis.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class OneLineLayoutTest {

  private static final Instant AT = Instant.parse("2026-01-05T09:00:00.123Z");
  private static final LoggerContext CONTEXT = new LoggerContext();

  private final OneLineLayout file = OneLineLayout.file(ZoneOffset.UTC, "\n");
  private final OneLineLayout console = OneLineLayout.console(ZoneOffset.UTC, "\n");

  private static LoggingEvent event(
      String logger,
      Level level,
      String message,
      Throwable thrown,
      Map<String, String> mdc,
      Object... args) {
    LoggingEvent e =
        new LoggingEvent(
            LoggingEvent.class.getName(), CONTEXT.getLogger(logger), level, message, thrown, args);
    e.setInstant(AT);
    e.setMDCPropertyMap(mdc);
    return e;
  }

  private static LoggingEvent event(
      String logger, Level level, String message, Throwable thrown, Object... args) {
    return event(logger, level, message, thrown, Map.of(), args);
  }

  private static LoggingEvent event(Level level, String message, Object... args) {
    return event("io.iisbot.iis.agent.server.Drain", level, message, null, args);
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
  void console_withOperation_isTimeLevelShortLoggerOperationMessage() {
    LoggingEvent e =
        event(
            "io.iisbot.bot.core.Runs",
            Level.INFO,
            "ended {} in {}",
            null,
            Map.of(OperationMdc.KEY, "op-20260105-090000-29736d-web03"),
            "SUCCEEDED",
            "4.554s");

    assertThat(console.doLayout(e))
        .isEqualTo(
            "09:00:00.123 INFO  Runs [op-20260105-090000-29736d-web03] ended SUCCEEDED in"
                + " 4.554s\n");
  }

  @Test
  void console_withoutOperation_hasNoBrackets() {
    assertThat(console.doLayout(event("org.eclipse.jetty.server.Server", Level.WARN, "x", null)))
        .isEqualTo("09:00:00.123 WARN  Server x\n");
  }

  @Test
  void console_error_keepsTheColumnsAligned() {
    assertThat(console.doLayout(event(Level.ERROR, "x"))).startsWith("09:00:00.123 ERROR Drain x");
  }

  @Test
  void file_withoutThrowable_isOneLine() {
    assertThat(file.doLayout(event(Level.WARN, "drain took {} s", 91)))
        .isEqualTo(
            "2026-01-05T09:00:00.123Z WARN  io.iisbot.iis.agent.server.Drain drain took 91 s\n");
  }

  @Test
  void file_withThrowable_putsTheStackTraceOnTheFollowingLines() {
    LoggingEvent e =
        event(
            "io.iisbot.iis.agent.server.Drain",
            Level.ERROR,
            "service iisbot-agent failed to start",
            boom());

    assertThat(file.doLayout(e))
        .isEqualTo(
            "2026-01-05T09:00:00.123Z ERROR io.iisbot.iis.agent.server.Drain"
                + " service iisbot-agent failed to start\n"
                + "java.lang.IllegalStateException: port 8443 is in use\n"
                + "\tat io.iisbot.iis.agent.server.Server.start(Server.java:42)\n"
                + "\tat io.iisbot.iis.agent.server.AgentMain.main(AgentMain.java:7)\n");
  }

  @Test
  void file_crlf_endsEveryLineWithIt() {
    LoggingEvent e = event("io.iisbot.x", Level.ERROR, "failed", boom());

    String out = OneLineLayout.file(ZoneOffset.UTC, "\r\n").doLayout(e);

    assertThat(out).endsWith("\r\n");
    // Message, exception, two frames, and nothing after the last separator.
    assertThat(out.split("\r\n", -1)).hasSize(5);
    assertThat(out.replace("\r\n", "")).doesNotContain("\n").doesNotContain("\r");
  }

  @Test
  void lineBreaksInMessage_areEscapedSoNoLineCanBeForged() {
    assertThat(file.doLayout(event(Level.INFO, "pool {}", "a\r\n2026-01-05 ERROR forged")))
        .isEqualTo(
            "2026-01-05T09:00:00.123Z INFO  io.iisbot.iis.agent.server.Drain"
                + " pool a\\r\\n2026-01-05 ERROR forged\n");
  }

  @Test
  void lineBreaksInOperation_areEscapedToo() {
    LoggingEvent e =
        event(
            "io.iisbot.iis.agent.server.Drain",
            Level.INFO,
            "x",
            null,
            Map.of(OperationMdc.KEY, "op-1\nforged"));

    assertThat(console.doLayout(e)).isEqualTo("09:00:00.123 INFO  Drain [op-1\\nforged] x\n");
  }

  @Test
  void file_localZone_printsTheOffset() {
    assertThat(OneLineLayout.file(ZoneId.of("+01:00"), "\n").doLayout(event(Level.DEBUG, "x")))
        .startsWith("2026-01-05T10:00:00.123+01:00 DEBUG ");
  }

  @Test
  void noLoggerName_printsADash() {
    LoggingEvent e = event(Level.INFO, "x");
    e.setLoggerName(null);

    assertThat(file.doLayout(e)).isEqualTo("2026-01-05T09:00:00.123Z INFO  - x\n");
  }
}
