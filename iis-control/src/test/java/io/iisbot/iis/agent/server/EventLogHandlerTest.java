package io.iisbot.iis.agent.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.ErrorManager;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class EventLogHandlerTest {

  private final FakeEventLogApi api = new FakeEventLogApi();
  private final EventLogHandler handler = new EventLogHandler(api, "iisbot-agent");
  private final List<Integer> errors = new ArrayList<>();

  @BeforeEach
  void captureErrors() {
    handler.setErrorManager(
        new ErrorManager() {
          @Override
          public synchronized void error(String msg, Exception ex, int code) {
            errors.add(code);
          }
        });
  }

  private static LogRecord record(Level level, String message) {
    LogRecord r = new LogRecord(level, message);
    r.setInstant(Instant.parse("2026-01-05T09:00:00Z"));
    r.setLoggerName("io.iisbot.x");
    return r;
  }

  @ParameterizedTest
  @CsvSource({"SEVERE, 1", "WARNING, 2", "INFO, 4", "CONFIG, 4", "FINE, 4", "FINEST, 4"})
  void type_level_mapsToEventType(String level, int type) {
    assertThat(EventLogHandler.type(Level.parse(level))).isEqualTo(type);
  }

  @Test
  void publish_severeAndWarning_writeErrorAndWarningEvents1000() {
    handler.publish(record(Level.SEVERE, "agent failed"));
    handler.publish(record(Level.WARNING, "drain slow"));

    assertThat(api.events)
        .extracting(FakeEventLogApi.Event::type, FakeEventLogApi.Event::eventId)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, 1000),
            org.assertj.core.groups.Tuple.tuple(2, 1000));
    assertThat(api.events.get(0).message()).endsWith("SEVERE io.iisbot.x agent failed");
    assertThat(api.calls).containsOnlyOnce("open(iisbot-agent)");
  }

  @Test
  void publish_belowWarning_isLeftToTheFile() {
    handler.publish(record(Level.INFO, "started"));

    assertThat(api.events).isEmpty();
    assertThat(api.calls).isEmpty();
  }

  @Test
  void publish_levelLowered_writesInformationEvents() {
    handler.setLevel(Level.INFO);

    handler.publish(record(Level.INFO, "started"));

    assertThat(api.events).extracting(FakeEventLogApi.Event::type).containsExactly(4);
  }

  @Test
  void publish_hugeMessage_isCutTo31000CharsAndMarked() {
    handler.publish(record(Level.SEVERE, "x".repeat(40_000)));

    String text = api.events.get(0).message();
    assertThat(text).hasSize(31_000).endsWith("x [truncated]");
  }

  @Test
  void text_exactlyAtTheLimit_isKept() {
    String s = "y".repeat(31_000);

    assertThat(EventLogHandler.text(s + "\n")).isEqualTo(s);
  }

  @Test
  void text_surrogatePairAtTheCut_isNotSplit() {
    int cut = 31_000 - EventLogHandler.TRUNCATED.length();
    String s = "a".repeat(cut - 1) + "\uD83D\uDE00" + "b".repeat(100);

    String text = EventLogHandler.text(s);

    assertThat(text).isEqualTo("a".repeat(cut - 1) + " [truncated]");
  }

  @Test
  void text_nul_isReplacedSoTheNativeStringDoesNotEndThere() {
    assertThat(EventLogHandler.text("a\0b\r\n")).isEqualTo("a\uFFFDb");
  }

  @Test
  void publish_reportRefused_doesNotThrowAndTellsTheErrorManager() {
    api.refuse = true;

    assertThatCode(() -> handler.publish(record(Level.SEVERE, "x"))).doesNotThrowAnyException();
    assertThat(errors).containsExactly(ErrorManager.WRITE_FAILURE);
  }

  @Test
  void publish_nativeCallThrows_doesNotThrow() {
    api.throwOnReport = new IllegalStateException("Invalid memory access");

    assertThatCode(() -> handler.publish(record(Level.SEVERE, "x"))).doesNotThrowAnyException();
    assertThat(errors).containsExactly(ErrorManager.WRITE_FAILURE);
  }

  @Test
  void publish_nativeLibraryMissing_doesNotThrow() {
    api.throwOnReport = new UnsatisfiedLinkError("Unable to load library 'Advapi32'");

    assertThatCode(() -> handler.publish(record(Level.SEVERE, "x"))).doesNotThrowAnyException();
    assertThat(errors).containsExactly(ErrorManager.WRITE_FAILURE);
  }

  @Test
  void publish_sourceRefusedOnce_triesAgainWithTheNextRecord() {
    api.openRefusals = 1;

    handler.publish(record(Level.SEVERE, "first"));
    handler.publish(record(Level.SEVERE, "second"));

    assertThat(errors).containsExactly(ErrorManager.OPEN_FAILURE);
    assertThat(api.events)
        .singleElement()
        .satisfies(e -> assertThat(e.message()).endsWith("second"));
  }

  @Test
  void close_openSource_isDeregisteredAndLaterRecordsIgnored() {
    handler.publish(record(Level.SEVERE, "x"));

    handler.close();
    handler.publish(record(Level.SEVERE, "after close"));

    assertThat(api.calls).containsExactly("open(iisbot-agent)", "report", "close(iisbot-agent)");
  }
}
