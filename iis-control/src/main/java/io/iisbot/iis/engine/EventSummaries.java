package io.iisbot.iis.engine;

import io.iisbot.iis.EventLevel;
import io.iisbot.iis.EventRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds {@link EventSummary}s from raw records. */
final class EventSummaries {

  private EventSummaries() {}

  static EventSummary summarize(List<EventRecord> records, Instant since, Instant until) {
    Map<EventLevel, Integer> counts = new EnumMap<>(EventLevel.class);
    List<EventSummary.Notable> notable = new ArrayList<>();
    records.stream()
        .filter(e -> EventCatalog.isIisProvider(e.provider()))
        .sorted(Comparator.comparing(EventRecord::time))
        .forEach(
            e -> {
              counts.merge(e.level(), 1, Integer::sum);
              Optional<String> meaning = EventCatalog.meaning(e.provider(), e.id());
              if (meaning.isPresent() || e.level().isProblem()) {
                notable.add(
                    new EventSummary.Notable(
                        e.time(),
                        e.provider(),
                        e.id(),
                        e.level(),
                        meaning.orElse("not in iisbot's catalog; read the message"),
                        e.message()));
              }
            });
    return new EventSummary(since, until, counts, notable);
  }
}
