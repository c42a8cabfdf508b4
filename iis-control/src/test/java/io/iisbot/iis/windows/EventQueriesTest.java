package io.iisbot.iis.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iisbot.iis.EventLevel;
import io.iisbot.iis.engine.EventCatalog;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

final class EventQueriesTest {

  private static final Instant SINCE = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant UNTIL = Instant.parse("2026-01-01T01:30:00Z");

  @Test
  void window_providerAndTimes_isTheEventViewerXPath() {
    assertThat(EventQueries.window(EventCatalog.WAS, SINCE, UNTIL))
        .isEqualTo(
            "*[System[Provider[@Name='Microsoft-Windows-WAS'] and"
                + " TimeCreated[@SystemTime>='2026-01-01T00:00:00.000Z' and"
                + " @SystemTime<'2026-01-01T01:30:00.000Z']]]");
  }

  @Test
  void window_subMillisecondTimes_areWrittenInUtcWithMilliseconds() {
    assertThat(
            EventQueries.window(
                EventCatalog.SCM,
                Instant.parse("2026-03-29T01:59:59.123456789Z"),
                Instant.parse("2026-03-29T02:00:00.000999Z")))
        .isEqualTo(
            "*[System[Provider[@Name='Service Control Manager'] and"
                + " TimeCreated[@SystemTime>='2026-03-29T01:59:59.123Z' and"
                + " @SystemTime<'2026-03-29T02:00:00.000Z']]]");
  }

  @Test
  void window_withIds_sortsThemAndJoinsRuns() {
    assertThat(
            EventQueries.window(
                EventCatalog.WAS,
                SINCE,
                UNTIL,
                List.of(5186, 5013, 5074, 5075, 5076, 5002, 5013),
                List.of()))
        .isEqualTo(
            "*[System[Provider[@Name='Microsoft-Windows-WAS'] and (EventID=5002 or EventID=5013 or"
                + " (EventID>=5074 and EventID<=5076) or EventID=5186) and"
                + " TimeCreated[@SystemTime>='2026-01-01T00:00:00.000Z' and"
                + " @SystemTime<'2026-01-01T01:30:00.000Z']]]");
  }

  @Test
  void window_withOneId_isASimpleClause() {
    assertThat(EventQueries.window(EventCatalog.SCM, SINCE, UNTIL, List.of(7036), List.of()))
        .isEqualTo(
            "*[System[Provider[@Name='Service Control Manager'] and (EventID=7036) and"
                + " TimeCreated[@SystemTime>='2026-01-01T00:00:00.000Z' and"
                + " @SystemTime<'2026-01-01T01:30:00.000Z']]]");
  }

  @Test
  void window_withProblemLevels_listsTheirCodes() {
    assertThat(
            EventQueries.window(
                EventCatalog.WAS,
                SINCE,
                UNTIL,
                List.of(),
                List.of(EventLevel.WARNING, EventLevel.CRITICAL, EventLevel.ERROR)))
        .isEqualTo(
            "*[System[Provider[@Name='Microsoft-Windows-WAS'] and (Level=1 or Level=2 or Level=3)"
                + " and TimeCreated[@SystemTime>='2026-01-01T00:00:00.000Z' and"
                + " @SystemTime<'2026-01-01T01:30:00.000Z']]]");
  }

  @Test
  void window_withInformation_includesClassicLevelZero() {
    assertThat(
            EventQueries.window(
                EventCatalog.ANCM, SINCE, UNTIL, List.of(1010), List.of(EventLevel.INFORMATION)))
        .isEqualTo(
            "*[System[Provider[@Name='IIS AspNetCore Module V2'] and (EventID=1010) and (Level=0"
                + " or Level=4) and TimeCreated[@SystemTime>='2026-01-01T00:00:00.000Z' and"
                + " @SystemTime<'2026-01-01T01:30:00.000Z']]]");
  }

  @Test
  void window_providerOutsideTheCatalogWithPlainName_isAccepted() {
    assertThat(EventQueries.window("Microsoft-Windows-HttpEvent", SINCE, UNTIL))
        .startsWith("*[System[Provider[@Name='Microsoft-Windows-HttpEvent'] and ");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "WAS' or '1'='1",
        "Microsoft-Windows-WAS']",
        "WAS or 1=1",
        "WAS\nor 1=1",
        "WAS\"",
        "WAS[1]",
        "WAS<x",
        "WAS&amp;",
        " WAS",
        "-WAS",
        "WAS\u0000"
      })
  void window_hostileProviderName_isRejected(String provider) {
    assertThatThrownBy(() -> EventQueries.window(provider, SINCE, UNTIL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a valid event provider name: \"")
        .hasMessageEndingWith("\" (letters, digits, spaces and . _ - only, at most 128 characters)")
        .hasMessageNotContaining("\n");
  }

  @Test
  void window_emptyOrOverlongProvider_isRejected() {
    assertThatThrownBy(() -> EventQueries.window("", SINCE, UNTIL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a provider name is needed");
    assertThatThrownBy(() -> EventQueries.window("a".repeat(129), SINCE, UNTIL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a valid event provider name");
  }

  @Test
  void window_endingBeforeItStarts_isRejected() {
    assertThatThrownBy(() -> EventQueries.window(EventCatalog.WAS, UNTIL, SINCE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "the window must not end before it starts, was 2026-01-01T01:30:00Z to"
                + " 2026-01-01T00:00:00Z");
  }

  @Test
  void window_idOutOfRange_isRejected() {
    assertThatThrownBy(
            () -> EventQueries.window(EventCatalog.WAS, SINCE, UNTIL, List.of(65536), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("an event id must be between 0 and 65535, was 65536");
  }

  @ParameterizedTest
  @CsvSource({
    "Service Control Manager, System",
    "Microsoft-Windows-WAS, System",
    "Microsoft-Windows-IIS-W3SVC, System",
    "Microsoft-Windows-IIS-W3SVC-WP, Application",
    "IIS AspNetCore Module V2, Application"
  })
  void channelOf_iisProvider_isItsLog(String provider, String channel) {
    assertThat(EventQueries.channelOf(provider)).isEqualTo(channel);
  }

  @Test
  void channelOf_everyCatalogProvider_isKnown() {
    assertThat(EventCatalog.PROVIDERS)
        .allSatisfy(p -> assertThat(EventQueries.channelOf(p)).isIn("System", "Application"));
  }

  @Test
  void channelOf_unknownProvider_isRejectedListingTheKnownOnes() {
    assertThatThrownBy(() -> EventQueries.channelOf("Foo"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "no known channel for provider \"Foo\"; known: IIS AspNetCore Module V2,"
                + " Microsoft-Windows-IIS-W3SVC, Microsoft-Windows-IIS-W3SVC-WP,"
                + " Microsoft-Windows-WAS, Service Control Manager");
  }
}
