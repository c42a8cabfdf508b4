package io.iisbot.iis;

import java.time.Duration;
import java.util.Objects;

/**
 * A request in flight, as {@code appcmd list requests} shows it.
 *
 * @param id the request id ({@code fb0000008000000e})
 * @param workerPid the worker handling it, 0 when unknown
 */
public record ActiveRequest(
    String id, String pool, String site, String url, String verb, Duration elapsed, int workerPid) {

  public ActiveRequest {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(verb, "verb");
    Objects.requireNonNull(elapsed, "elapsed");
  }
}
