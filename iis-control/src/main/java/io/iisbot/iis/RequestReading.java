package io.iisbot.iis;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The requests in flight and where the numbers came from. Request Monitor lists every request; the
 * {@code Active Requests} performance counter only counts them per pool, so {@code requests} is
 * empty then and only {@code activeByPool} is known.
 */
public record RequestReading(
    RequestSource source, List<ActiveRequest> requests, Map<String, Integer> activeByPool) {

  /** Where a request count came from. */
  public enum RequestSource {
    /** {@code appcmd list requests}: every request with its url and elapsed time. */
    REQUEST_MONITOR,
    /** {@code W3SVC_W3WP\Active Requests}: a count per worker, no detail. */
    PERFORMANCE_COUNTER,
    /** A simulated host, which knows every request. */
    SIMULATED
  }

  public RequestReading {
    Objects.requireNonNull(source, "source");
    requests = List.copyOf(requests);
    activeByPool = Map.copyOf(activeByPool);
  }

  /** A reading that lists every request; the per-pool counts are derived from the list. */
  public static RequestReading listed(RequestSource source, List<ActiveRequest> requests) {
    Map<String, Integer> byPool = new HashMap<>();
    for (ActiveRequest r : requests) {
      byPool.merge(r.pool(), 1, Integer::sum);
    }
    return new RequestReading(source, requests, byPool);
  }

  /** Whether individual requests are known, not only counts. */
  public boolean isDetailed() {
    return source != RequestSource.PERFORMANCE_COUNTER;
  }

  public int total() {
    return activeByPool.values().stream().mapToInt(Integer::intValue).sum();
  }
}
