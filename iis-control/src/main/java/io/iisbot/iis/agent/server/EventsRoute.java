package io.iisbot.iis.agent.server;

import io.iisbot.iis.EventLevel;
import io.iisbot.iis.EventRecord;
import io.iisbot.iis.IisHost;
import io.iisbot.iis.agent.Wire;
import io.iisbot.iis.engine.OperationEngine;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** {@code GET /v1/events?since=&until=&level=}: a window of the host's events and their summary. */
final class EventsRoute {

  private EventsRoute() {}

  static void serve(Context ctx, IisHost host, Clock clock, OperationEngine engine) {
    Instant now = clock.instant();
    Instant since = instantParam(ctx.queryParam("since"), now, now.minus(Duration.ofHours(1)));
    Instant until = instantParam(ctx.queryParam("until"), now, now.plusSeconds(1));
    if (!since.isBefore(until)) {
      throw new Agent.HttpError(400, "bad_request", "since must be before until");
    }
    EventLevel level = levelParam(ctx.queryParam("level"));
    List<EventRecord> events =
        host.events(since, until).stream().filter(e -> e.level().code() <= level.code()).toList();
    ctx.json(new Wire.EventsView(events, engine.summarize(since, until)));
  }

  /** An ISO instant, or a duration back from now ({@code 1h}); absent → the default. */
  static Instant instantParam(String text, Instant now, Instant dflt) {
    if (text == null || text.isBlank()) {
      return dflt;
    }
    try {
      return Instant.parse(text);
    } catch (RuntimeException notAnInstant) {
      try {
        return now.minus(io.iisbot.iis.Durations.parse(text));
      } catch (IllegalArgumentException e) {
        throw new Agent.HttpError(
            400,
            "bad_request",
            "not a time: \"" + Agent.printable(text) + "\"; use 2026-01-05T09:00:00Z or 1h");
      }
    }
  }

  static EventLevel levelParam(String text) {
    if (text == null || text.isBlank()) {
      return EventLevel.VERBOSE;
    }
    return switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "critical" -> EventLevel.CRITICAL;
      case "error" -> EventLevel.ERROR;
      case "warning" -> EventLevel.WARNING;
      case "information", "info" -> EventLevel.INFORMATION;
      case "verbose", "all" -> EventLevel.VERBOSE;
      default ->
          throw new Agent.HttpError(
              400, "bad_request", "level must be critical, error, warning, information or verbose");
    };
  }
}
