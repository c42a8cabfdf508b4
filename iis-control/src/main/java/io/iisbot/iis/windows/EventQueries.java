package io.iisbot.iis.windows;

import io.iisbot.iis.EventLevel;
import io.iisbot.iis.engine.EventCatalog;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The Event Log XPath queries iisbot sends to {@code EvtQuery}: one provider, a time window, and
 * optionally event ids and levels. Provider names are checked before they reach the query, so no
 * name can close the quoted string and add a clause of its own.
 */
final class EventQueries {

  static final String SYSTEM = "System";
  static final String APPLICATION = "Application";

  /** Where each IIS provider writes (IIS-FACTS, Event Log table). */
  private static final Map<String, String> CHANNELS =
      Map.of(
          EventCatalog.SCM, SYSTEM,
          EventCatalog.WAS, SYSTEM,
          EventCatalog.W3SVC, SYSTEM,
          EventCatalog.W3SVC_WP, APPLICATION,
          EventCatalog.ANCM, APPLICATION);

  /**
   * Provider names outside the catalog: letters, digits, space and {@code . _ -}. No quote,
   * bracket, {@code =}, {@code <}, {@code >}, {@code &} or control character, so the name cannot
   * leave the quoted string it is put in.
   */
  private static final Pattern PROVIDER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._-]{0,127}");

  /** Event Viewer writes times this way: UTC, milliseconds, {@code Z}. */
  private static final DateTimeFormatter SYSTEM_TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private EventQueries() {}

  /** Every event of {@code provider} created in {@code [since, until)}. */
  static String window(String provider, Instant since, Instant until) {
    return window(provider, since, until, List.of(), List.of());
  }

  /**
   * Events of {@code provider} created in {@code [since, until)}, limited to {@code ids} and {@code
   * levels} when those are not empty. Consecutive ids become one range, as Event Viewer writes
   * them, which keeps long id lists within the query's size limits.
   *
   * @throws IllegalArgumentException for a provider name that is not safe in a query, a window that
   *     ends before it starts, or an id outside 0..65535
   */
  static String window(
      String provider,
      Instant since,
      Instant until,
      Collection<Integer> ids,
      Collection<EventLevel> levels) {
    String name = provider(provider);
    if (until.isBefore(since)) {
      throw new IllegalArgumentException(
          "the window must not end before it starts, was " + since + " to " + until);
    }
    StringBuilder q = new StringBuilder("*[System[Provider[@Name='").append(name).append("']");
    if (!ids.isEmpty()) {
      q.append(" and ").append(idClause(ids));
    }
    if (!levels.isEmpty()) {
      q.append(" and ").append(levelClause(levels));
    }
    return q.append(" and TimeCreated[@SystemTime>='")
        .append(SYSTEM_TIME.format(since))
        .append("' and @SystemTime<'")
        .append(SYSTEM_TIME.format(until))
        .append("']]]")
        .toString();
  }

  /** The channel {@code provider} writes to: {@code System} or {@code Application}. */
  static String channelOf(String provider) {
    String channel = CHANNELS.get(provider);
    if (channel == null) {
      throw new IllegalArgumentException(
          "no known channel for provider \""
              + Names.printable(provider)
              + "\"; known: "
              + String.join(", ", new TreeSet<>(CHANNELS.keySet())));
    }
    return channel;
  }

  /** A provider name that is safe inside {@code @Name='...'}. */
  static String provider(String provider) {
    if (provider == null || provider.isEmpty()) {
      throw new IllegalArgumentException("a provider name is needed");
    }
    if (EventCatalog.PROVIDERS.contains(provider)) {
      return provider;
    }
    if (!PROVIDER.matcher(provider).matches()) {
      throw new IllegalArgumentException(
          "not a valid event provider name: \""
              + Names.printable(provider)
              + "\" (letters, digits, spaces and . _ - only, at most 128 characters)");
    }
    return provider;
  }

  private static String idClause(Collection<Integer> ids) {
    TreeSet<Integer> sorted = new TreeSet<>();
    for (Integer id : ids) {
      if (id == null || id < 0 || id > 0xFFFF) {
        throw new IllegalArgumentException("an event id must be between 0 and 65535, was " + id);
      }
      sorted.add(id);
    }
    List<String> terms = new ArrayList<>();
    Integer first = null;
    Integer last = null;
    for (int id : sorted) {
      if (last != null && id == last + 1) {
        last = id;
        continue;
      }
      if (first != null) {
        terms.add(range(first, last));
      }
      first = id;
      last = id;
    }
    terms.add(range(first, last));
    return "(" + String.join(" or ", terms) + ")";
  }

  private static String range(int first, int last) {
    return first == last
        ? "EventID=" + first
        : "(EventID>=" + first + " and EventID<=" + last + ")";
  }

  /** Classic events often carry Level 0; Event Viewer counts them as information, so do we. */
  private static String levelClause(Collection<EventLevel> levels) {
    TreeSet<Integer> codes = new TreeSet<>();
    for (EventLevel l : levels) {
      codes.add(l.code());
      if (l == EventLevel.INFORMATION) {
        codes.add(0);
      }
    }
    List<String> terms = new ArrayList<>();
    for (int c : codes) {
      terms.add("Level=" + c);
    }
    return "(" + String.join(" or ", terms) + ")";
  }
}
