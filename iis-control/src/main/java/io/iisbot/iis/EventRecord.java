package io.iisbot.iis;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One Event Log record.
 *
 * @param log the channel ({@code System}, {@code Application})
 * @param provider the provider name ({@code Microsoft-Windows-WAS})
 * @param id the event id as Event Viewer shows it
 * @param data the named {@code <Data>} values; {@code Binary} holds the hex binary data
 */
public record EventRecord(
    String log,
    String provider,
    int id,
    EventLevel level,
    Instant time,
    String message,
    Map<String, String> data) {

  public EventRecord {
    Objects.requireNonNull(log, "log");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(message, "message");
    data = Map.copyOf(data);
  }
}
