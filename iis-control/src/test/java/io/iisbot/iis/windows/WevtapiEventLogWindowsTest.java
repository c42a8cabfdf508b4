package io.iisbot.iis.windows;

import static org.assertj.core.api.Assertions.assertThat;

import io.iisbot.iis.EventRecord;
import io.iisbot.iis.engine.EventCatalog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Reads the real Event Log; runs on Windows only (any account may read the System log). */
@Tag("windows")
@EnabledOnOs(OS.WINDOWS)
final class WevtapiEventLogWindowsTest {

  @Test
  void query_lastHourOfScmEvents_returnsParseableSystemEvents() {
    Instant until = Clock.systemUTC().instant();
    String xpath = EventQueries.window(EventCatalog.SCM, until.minus(Duration.ofHours(1)), until);

    List<String> xml = new WevtapiEventLog().query(EventQueries.SYSTEM, xpath, 50);

    assertThat(xml).hasSizeLessThanOrEqualTo(50);
    List<EventRecord> events = xml.stream().map(EventXml::parse).toList();
    assertThat(events)
        .allSatisfy(
            e -> {
              assertThat(e.log()).isEqualTo("System");
              assertThat(e.provider()).isEqualTo(EventCatalog.SCM);
              assertThat(e.time()).isBetween(until.minus(Duration.ofHours(1)), until);
            });
    assertThat(events).extracting(EventRecord::time).isSortedAccordingTo((a, b) -> b.compareTo(a));
  }
}
