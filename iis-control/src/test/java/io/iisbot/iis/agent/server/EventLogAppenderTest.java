package io.iisbot.iis.agent.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.status.Status;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class EventLogAppenderTest {

  private final LoggerContext context = new LoggerContext();
  private final FakeEventLogApi api = new FakeEventLogApi();
  private final EventLogAppender appender = new EventLogAppender(api, "iisbot-agent");

  @BeforeEach
  void start() {
    appender.setContext(context);
    appender.start();
  }

  /** What the appender told Logback's status manager went wrong. */
  private List<String> errors() {
    return context.getStatusManager().getCopyOfStatusList().stream()
        .filter(s -> s.getLevel() == Status.ERROR)
        .map(Status::getMessage)
        .toList();
  }

  private LoggingEvent record(Level level, String message) {
    LoggingEvent e =
        new LoggingEvent(
            LoggingEvent.class.getName(),
            context.getLogger("io.iisbot.x"),
            level,
            message,
            null,
            null);
    e.setInstant(Instant.parse("2026-01-05T09:00:00Z"));
    e.setMDCPropertyMap(Map.of());
    return e;
  }

  @ParameterizedTest
  @CsvSource({"ERROR, 1", "WARN, 2", "INFO, 4", "DEBUG, 4", "TRACE, 4"})
  void type_level_mapsToEventType(String level, int type) {
    assertThat(EventLogAppender.type(Level.toLevel(level))).isEqualTo(type);
  }

  @Test
  void append_errorAndWarning_writeErrorAndWarningEvents1000() {
    appender.doAppend(record(Level.ERROR, "agent failed"));
    appender.doAppend(record(Level.WARN, "drain slow"));

    assertThat(api.events)
        .extracting(FakeEventLogApi.Event::type, FakeEventLogApi.Event::eventId)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, 1000),
            org.assertj.core.groups.Tuple.tuple(2, 1000));
    assertThat(api.events.get(0).message()).endsWith("ERROR io.iisbot.x agent failed");
    assertThat(api.calls).containsOnlyOnce("open(iisbot-agent)");
  }

  @Test
  void append_belowWarn_isLeftToTheFiles() {
    appender.doAppend(record(Level.INFO, "started"));

    assertThat(api.events).isEmpty();
    assertThat(api.calls).isEmpty();
  }

  @Test
  void append_thresholdLowered_writesInformationEvents() {
    appender.setThreshold(Level.INFO);

    appender.doAppend(record(Level.INFO, "started"));

    assertThat(api.events).extracting(FakeEventLogApi.Event::type).containsExactly(4);
  }

  @Test
  void append_hugeMessage_isCutTo31000CharsAndMarked() {
    appender.doAppend(record(Level.ERROR, "x".repeat(40_000)));

    String text = api.events.get(0).message();
    assertThat(text).hasSize(31_000).endsWith("x [truncated]");
  }

  @Test
  void text_exactlyAtTheLimit_isKept() {
    String s = "y".repeat(31_000);

    assertThat(EventLogAppender.text(s + "\n")).isEqualTo(s);
  }

  @Test
  void text_surrogatePairAtTheCut_isNotSplit() {
    int cut = 31_000 - EventLogAppender.TRUNCATED.length();
    String s = "a".repeat(cut - 1) + "\uD83D\uDE00" + "b".repeat(100);

    String text = EventLogAppender.text(s);

    assertThat(text).isEqualTo("a".repeat(cut - 1) + " [truncated]");
  }

  @Test
  void text_nul_isReplacedSoTheNativeStringDoesNotEndThere() {
    assertThat(EventLogAppender.text("a\0b\r\n")).isEqualTo("a\uFFFDb");
  }

  @Test
  void append_reportRefused_doesNotThrowAndTellsLogback() {
    api.refuse = true;

    assertThatCode(() -> appender.doAppend(record(Level.ERROR, "x"))).doesNotThrowAnyException();
    assertThat(errors()).containsExactly("ReportEvent refused a record");
  }

  @Test
  void append_nativeCallThrows_doesNotThrow() {
    api.throwOnReport = new IllegalStateException("Invalid memory access");

    assertThatCode(() -> appender.doAppend(record(Level.ERROR, "x"))).doesNotThrowAnyException();
    assertThat(errors()).containsExactly("cannot write to the Event Log");
  }

  @Test
  void append_nativeLibraryMissing_doesNotThrow() {
    api.throwOnReport = new UnsatisfiedLinkError("Unable to load library 'Advapi32'");

    assertThatCode(() -> appender.doAppend(record(Level.ERROR, "x"))).doesNotThrowAnyException();
    assertThat(errors()).containsExactly("cannot write to the Event Log");
  }

  @Test
  void append_sourceRefusedOnce_triesAgainWithTheNextRecord() {
    api.openRefusals = 1;

    appender.doAppend(record(Level.ERROR, "first"));
    appender.doAppend(record(Level.ERROR, "second"));

    assertThat(errors()).containsExactly("cannot open event source iisbot-agent");
    assertThat(api.events)
        .singleElement()
        .satisfies(e -> assertThat(e.message()).endsWith("second"));
  }

  @Test
  void stop_openSource_isDeregisteredAndLaterRecordsIgnored() {
    appender.doAppend(record(Level.ERROR, "x"));

    appender.stop();
    appender.doAppend(record(Level.ERROR, "after stop"));

    assertThat(api.calls).containsExactly("open(iisbot-agent)", "report", "close(iisbot-agent)");
  }
}
