package io.iisbot.iis.windows;

import io.iisbot.iis.EventLevel;
import io.iisbot.iis.EventRecord;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads events as Event Viewer shows them in its text view or "Copy details as text" ({@code Log
 * Name: System}, {@code Source: ...}, ..., {@code Description:}), so that events pasted into a
 * support ticket can be summarized like events read from the log. Several events may follow each
 * other; each starts at its {@code Log Name:} line.
 *
 * <p>The {@code Date} line is the viewing machine's local time in the US format, without a zone.
 * {@link #parse(String)} assumes UTC, which is wrong by the host's offset unless the host runs on
 * UTC; pass the host's zone when it is known. When the copy includes the {@code Event Xml:}
 * section, the time and data come from that XML instead and are exact. Only English labels are
 * understood. Stateless; thread-safe.
 */
final class EventViewerText {

  private static final Pattern FIELD = Pattern.compile("([A-Za-z][A-Za-z ]*?):(.*)");

  private static final DateTimeFormatter US_DATE =
      DateTimeFormatter.ofPattern("M/d/uuuu h:mm:ss a", Locale.US);

  private static final Map<String, EventLevel> LEVELS =
      Map.of(
          "critical", EventLevel.CRITICAL,
          "error", EventLevel.ERROR,
          "warning", EventLevel.WARNING,
          "information", EventLevel.INFORMATION,
          "verbose", EventLevel.VERBOSE);

  private EventViewerText() {}

  /** The events in {@code text}, in the order written, with times read as UTC. */
  static List<EventRecord> parse(String text) {
    return parse(text, ZoneOffset.UTC);
  }

  /**
   * The events in {@code text}, in the order written, with {@code Date} lines read in {@code zone}.
   * Text before the first {@code Log Name:} line is ignored.
   *
   * @throws IllegalArgumentException naming the event (by position) and the line that is missing or
   *     unreadable
   */
  static List<EventRecord> parse(String text, ZoneId zone) {
    List<List<String>> blocks = new ArrayList<>();
    List<String> current = null;
    for (String line : text.lines().toList()) {
      if (line.startsWith("Log Name:")) {
        current = new ArrayList<>();
        blocks.add(current);
      }
      if (current != null) {
        current.add(line);
      }
    }
    List<EventRecord> events = new ArrayList<>();
    for (int i = 0; i < blocks.size(); i++) {
      events.add(event(blocks.get(i), i + 1, zone));
    }
    return events;
  }

  private static EventRecord event(List<String> lines, int position, ZoneId zone) {
    Map<String, String> fields = new LinkedHashMap<>();
    List<String> description = new ArrayList<>();
    StringBuilder xml = null;
    boolean inDescription = false;
    for (String line : lines) {
      if (xml != null) {
        xml.append(line).append('\n');
        continue;
      }
      if (line.strip().equals("Event Xml:")) {
        xml = new StringBuilder();
        continue;
      }
      if (inDescription) {
        description.add(line);
        continue;
      }
      Matcher m = FIELD.matcher(line);
      if (m.matches()) {
        String key = m.group(1).strip();
        String value = m.group(2).strip();
        if (key.equals("Description")) {
          inDescription = true;
          if (!value.isEmpty()) {
            description.add(value);
          }
        } else {
          fields.putIfAbsent(key, value);
        }
      }
    }
    String log = required(fields, "Log Name", position);
    String provider = required(fields, "Source", position);
    int id;
    try {
      id = Integer.parseInt(required(fields, "Event ID", position));
    } catch (NumberFormatException e) {
      throw problem(position, "Event ID", fields.get("Event ID"));
    }
    EventLevel level = LEVELS.get(required(fields, "Level", position).toLowerCase(Locale.ROOT));
    if (level == null) {
      throw problem(position, "Level", fields.get("Level"));
    }
    String message = String.join("\n", description).strip();
    if (xml != null && !xml.toString().isBlank()) {
      EventRecord exact;
      try {
        exact = EventXml.parse(xml.toString());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "event " + position + " of the text has an unreadable Event Xml: " + e.getMessage(), e);
      }
      return new EventRecord(
          log,
          provider,
          id,
          level,
          exact.time(),
          message.isEmpty() ? exact.message() : message,
          exact.data());
    }
    Instant time = time(required(fields, "Date", position), zone, position);
    return new EventRecord(log, provider, id, level, time, message, Map.of());
  }

  /** US-format Event Viewer dates; ISO local times as some exports write them. */
  private static Instant time(String date, ZoneId zone, int position) {
    try {
      return LocalDateTime.parse(date, US_DATE).atZone(zone).toInstant();
    } catch (DateTimeParseException us) {
      try {
        return LocalDateTime.parse(date).atZone(zone).toInstant();
      } catch (DateTimeParseException iso) {
        throw problem(position, "Date", date);
      }
    }
  }

  private static String required(Map<String, String> fields, String key, int position) {
    String value = fields.get(key);
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(
          "event " + position + " of the text has no \"" + key + ":\" line");
    }
    return value;
  }

  private static IllegalArgumentException problem(int position, String key, String value) {
    return new IllegalArgumentException(
        "event "
            + position
            + " of the text has an unreadable \""
            + key
            + ":\" line: \""
            + Names.printable(value)
            + "\"");
  }
}
