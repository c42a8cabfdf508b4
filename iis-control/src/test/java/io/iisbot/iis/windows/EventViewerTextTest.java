package io.iisbot.iis.windows;

import static io.iisbot.iis.windows.EventLogFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.iisbot.iis.EventLevel;
import io.iisbot.iis.EventRecord;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

final class EventViewerTextTest {

  private static final String WAS = "Microsoft-Windows-WAS";

  @Test
  void parse_was5013_readsEveryField() {
    List<EventRecord> events = EventViewerText.parse(text("evt-was-5013.txt"));

    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.log()).isEqualTo("System");
              assertThat(e.provider()).isEqualTo(WAS);
              assertThat(e.id()).isEqualTo(5013);
              assertThat(e.level()).isEqualTo(EventLevel.WARNING);
              assertThat(e.time()).isEqualTo(Instant.parse("2011-01-01T00:00:00Z"));
              assertThat(e.message())
                  .isEqualTo(
                      "A process serving application pool DefaultAppPool exceeded time limits"
                          + " during shut down. The process id was 1111.");
              assertThat(e.data()).isEmpty();
            });
  }

  @Test
  void parse_was5186WithDescriptionOnItsLabelLine_readsEveryField() {
    List<EventRecord> events = EventViewerText.parse(text("evt-was-5186.txt"));

    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.log()).isEqualTo("System");
              assertThat(e.provider()).isEqualTo(WAS);
              assertThat(e.id()).isEqualTo(5186);
              assertThat(e.level()).isEqualTo(EventLevel.INFORMATION);
              assertThat(e.time()).isEqualTo(Instant.parse("2024-08-27T13:53:26Z"));
              assertThat(e.message())
                  .isEqualTo(
                      "A worker process with process id of \u201826648\u2019 serving application"
                          + " pool \u2018StackOverFlowWebApp\u2019 was shutdown due to inactivity."
                          + " Application Pool timeout configuration was set to 20 minutes. A new"
                          + " worker process will be started when needed.");
            });
  }

  @Test
  void parse_twoEventsSeparatedByABlankLine_readsBothInOrder() {
    List<EventRecord> events = EventViewerText.parse(text("evt-was-5117-5002.txt"));

    assertThat(events).hasSize(2);
    EventRecord recycle = events.get(0);
    assertThat(recycle.log()).isEqualTo("System");
    assertThat(recycle.provider()).isEqualTo(WAS);
    assertThat(recycle.id()).isEqualTo(5117);
    assertThat(recycle.level()).isEqualTo(EventLevel.INFORMATION);
    assertThat(recycle.time()).isEqualTo(Instant.parse("2016-10-14T09:32:42Z"));
    assertThat(recycle.message())
        .isEqualTo(
            "A worker process serving application pool 'WsusPool' has requested a recycle because"
                + " it reached its private bytes memory limit.");
    EventRecord disabled = events.get(1);
    assertThat(disabled.log()).isEqualTo("System");
    assertThat(disabled.provider()).isEqualTo(WAS);
    assertThat(disabled.id()).isEqualTo(5002);
    assertThat(disabled.level()).isEqualTo(EventLevel.ERROR);
    assertThat(disabled.time()).isEqualTo(Instant.parse("2016-10-14T09:33:42Z"));
    assertThat(disabled.message())
        .isEqualTo(
            "Application pool 'WsusPool' is being automatically disabled due to a series of"
                + " failures in the process(es) serving that application pool.");
  }

  @Test
  void parse_was5139_readsEveryFieldKeepingTheDoubleSpace() {
    List<EventRecord> events = EventViewerText.parse(text("evt-was-5139.txt"));

    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.log()).isEqualTo("System");
              assertThat(e.provider()).isEqualTo(WAS);
              assertThat(e.id()).isEqualTo(5139);
              assertThat(e.level()).isEqualTo(EventLevel.WARNING);
              assertThat(e.time()).isEqualTo(Instant.parse("2023-01-06T06:03:09Z"));
              assertThat(e.message())
                  .isEqualTo(
                      "A listener channel for protocol 'http' in worker process '28652' serving"
                          + " application pool 'DefaultAppPool' reported a listener channel"
                          + " failure.  The data field contains the error number.");
            });
  }

  /**
   * The same 5139 as text and as XML: the text's Date is the host's local time (UTC-6 there), so
   * reading it as UTC is six hours off, and passing the host's zone puts it right.
   */
  @Test
  void parse_was5139InTheHostsZone_matchesTheTimeInItsXml() {
    Instant exact = EventXml.parse(text("evt-was-5139.xml")).time();

    Instant asUtc = EventViewerText.parse(text("evt-was-5139.txt")).get(0).time();
    Instant inZone =
        EventViewerText.parse(text("evt-was-5139.txt"), ZoneOffset.ofHours(-6)).get(0).time();

    assertThat(inZone).isEqualTo(exact.truncatedTo(ChronoUnit.SECONDS));
    assertThat(asUtc).isEqualTo(inZone.minus(6, ChronoUnit.HOURS));
  }

  @Test
  void parse_copyWithEventXml_takesTimeAndDataFromTheXml() {
    String copy = text("evt-was-5139.txt") + "Event Xml:\n" + text("evt-was-5139.xml");

    EventRecord e = EventViewerText.parse(copy).get(0);

    assertThat(e.time()).isEqualTo(Instant.parse("2023-01-06T12:03:09.517096100Z"));
    assertThat(e.data())
        .contains(entry("AppPoolID", "DefaultAppPool"), entry("ProcessID", "28652"));
    assertThat(e.message()).startsWith("A listener channel for protocol 'http'");
    assertThat(e.message()).doesNotContain("<Event");
  }

  @Test
  void parse_brokenEventXml_isRejectedNamingTheEvent() {
    String copy = text("evt-was-5139.txt") + "Event Xml:\n<Event><System>";

    assertThatThrownBy(() -> EventViewerText.parse(copy))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "event 1 of the text has an unreadable Event Xml: not well-formed event XML");
  }

  @Test
  void parse_windowsLineEndingsAndLeadingChatter_readsTheEvents() {
    String pasted =
        "here is what I saw:\r\n\r\n" + text("evt-was-5117-5002.txt").replace("\n", "\r\n");

    assertThat(EventViewerText.parse(pasted))
        .extracting(EventRecord::id)
        .containsExactly(5117, 5002);
  }

  @Test
  void parse_multiParagraphDescription_keepsItWhole() {
    String text =
        text("evt-was-5013.txt").strip()
            + "\n\nSecond paragraph.\n\nLog Name: System\n"
            + "Source: Microsoft-Windows-WAS\nDate: 1/1/2011 12:00:01 AM\nEvent ID: 5186\n"
            + "Level: Information\nDescription:\nidle\n";

    List<EventRecord> events = EventViewerText.parse(text);

    assertThat(events).extracting(EventRecord::id).containsExactly(5013, 5186);
    assertThat(events.get(0).message()).endsWith("The process id was 1111.\n\nSecond paragraph.");
  }

  @Test
  void parse_noEvents_isEmpty() {
    assertThat(EventViewerText.parse("")).isEmpty();
    assertThat(EventViewerText.parse("nothing here")).isEmpty();
  }

  @Test
  void parse_withoutEventId_isRejectedNamingTheEvent() {
    String text = text("evt-was-5117-5002.txt").replace("Event ID:      5002\n", "");

    assertThatThrownBy(() -> EventViewerText.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("event 2 of the text has no \"Event ID:\" line");
  }

  @Test
  void parse_unknownLevel_isRejectedWithTheValue() {
    String text = text("evt-was-5013.txt").replace("Level: Warning", "Level: Warnung");

    assertThatThrownBy(() -> EventViewerText.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("event 1 of the text has an unreadable \"Level:\" line: \"Warnung\"");
  }

  @Test
  void parse_unreadableDate_isRejectedWithTheValue() {
    String text = text("evt-was-5013.txt").replace("1/1/2011 12:00:00 AM", "01.01.2011 00:00:00");

    assertThatThrownBy(() -> EventViewerText.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "event 1 of the text has an unreadable \"Date:\" line: \"01.01.2011 00:00:00\"");
  }
}
