package io.iisbot.iis.engine;

import io.iisbot.iis.EventLevel;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Event Log during an operation's window: counts by level, and the events worth reading with
 * what they mean.
 */
public record EventSummary(
    Instant since, Instant until, Map<EventLevel, Integer> counts, List<Notable> notable) {

  /** One event worth showing, with its meaning from {@link EventCatalog}. */
  public record Notable(
      Instant time, String provider, int id, EventLevel level, String meaning, String message) {
    public Notable {
      Objects.requireNonNull(meaning, "meaning");
    }
  }

  public EventSummary {
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(until, "until");
    counts = Map.copyOf(counts);
    notable = List.copyOf(notable);
  }

  public int count(EventLevel level) {
    return counts.getOrDefault(level, 0);
  }

  public int total() {
    return counts.values().stream().mapToInt(Integer::intValue).sum();
  }

  public boolean contains(int eventId) {
    return notable.stream().anyMatch(n -> n.id() == eventId);
  }
}
