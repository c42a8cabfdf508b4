package io.iisbot.iis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

final class DurationsTest {

  static Stream<Arguments> valid() {
    return Stream.of(
        Arguments.of("250ms", Duration.ofMillis(250)),
        Arguments.of("90s", Duration.ofSeconds(90)),
        Arguments.of("2m", Duration.ofMinutes(2)),
        Arguments.of("1h", Duration.ofHours(1)),
        Arguments.of("1d", Duration.ofDays(1)),
        Arguments.of("1m30s", Duration.ofSeconds(90)),
        Arguments.of("1h2m3s4ms", Duration.ofMillis(3_723_004)),
        Arguments.of("0s", Duration.ZERO),
        Arguments.of("90S", Duration.ofSeconds(90)),
        Arguments.of("250MS", Duration.ofMillis(250)),
        Arguments.of("1M30S", Duration.ofSeconds(90)),
        Arguments.of("  90s ", Duration.ofSeconds(90)),
        Arguments.of("\t2m\n", Duration.ofMinutes(2)),
        Arguments.of("1.5s", Duration.ofMillis(1500)),
        Arguments.of("1.5h", Duration.ofMinutes(90)),
        Arguments.of("1H30M", Duration.ofMinutes(90)),
        Arguments.of("2h", Duration.ofHours(2)),
        Arguments.of("12h", Duration.ofHours(12)),
        Arguments.of("500ms", Duration.ofMillis(500)),
        Arguments.of("0.25m", Duration.ofSeconds(15)));
  }

  @ParameterizedTest
  @MethodSource("valid")
  void parse_validText_givesTheDuration(String text, Duration expected) {
    assertThat(Durations.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "abc",
        "1.5x",
        "5x",
        "-5s",
        "1 m",
        "1m 30s",
        "s",
        "1.2345s",
        "90 seconds",
        "two minutes",
        "2 m",
        "1,5s",
        ".5s",
        "PT90S"
      })
  void parse_notADuration_failsQuotingTheTextWithExamples(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("\"" + text + "\" is not a duration; write e.g. 90s, 1.5s, 2m, 1h30m");
  }

  @ParameterizedTest
  @ValueSource(strings = {"90", "10", "1.5"})
  void parse_bareNumber_failsAskingForAUnit(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "\"" + text + "\" is not a duration: add a unit, e.g. " + text + "s or " + text + "m");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   "})
  void parse_blank_failsAskingForADuration(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a duration is needed; write e.g. 90s, 1.5s, 2m, 1h30m");
  }

  @Test
  void parse_null_failsAskingForADuration() {
    assertThatThrownBy(() -> Durations.parse(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a duration is needed");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0ms",
        "250ms",
        "999ms",
        "1s",
        "5s",
        "90s",
        "119s",
        "2m",
        "2m05s",
        "45m",
        "1h",
        "1h30m",
        "1h00m30s",
        "24h"
      })
  void format_commonValues_roundTripThroughParse(String text) {
    assertThat(Durations.format(Durations.parse(text))).isEqualTo(text);
  }

  static Stream<Arguments> formatted() {
    return Stream.of(
        Arguments.of(Duration.ofMillis(350), "350ms"),
        Arguments.of(Duration.ofSeconds(90), "90s"),
        Arguments.of(Duration.ofSeconds(120), "2m"),
        Arguments.of(Duration.ofSeconds(125), "2m05s"),
        Arguments.of(Duration.ofMinutes(90), "1h30m"),
        Arguments.of(Duration.ofHours(2), "2h"),
        Arguments.of(Duration.ofMillis(1500), "1.5s"),
        Arguments.of(Duration.ofMillis(9999), "9.999s"),
        Arguments.of(Duration.ofMillis(10500), "10.5s"),
        Arguments.of(Duration.ofSeconds(-90), "-90s"));
  }

  @ParameterizedTest
  @MethodSource("formatted")
  void format_duration_readsAsPeopleWriteIt(Duration d, String expected) {
    assertThat(Durations.format(d)).isEqualTo(expected);
  }

  @Test
  void parse_finerThanAMillisecond_isRejected() {
    assertThatThrownBy(() -> Durations.parse("1.5ms"))
        .hasMessage("\"1.5ms\" is not a duration: it is finer than a millisecond");
  }

  @Test
  void format_fractionalSeconds_canBeParsedBack() {
    Duration d = Duration.ofMillis(1500);

    assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
  }
}
