package io.iisbot.iis.windows;

import io.iisbot.iis.ActiveRequest;
import io.iisbot.iis.windows.AppcmdText.RequestLine;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Joins appcmd's per-site and per-worker request listings by request id: only the per-site one
 * knows the site, only the per-worker one knows the pid and (through {@code list wp}) the pool.
 * Stateless.
 */
final class RequestJoin {

  private RequestJoin() {}

  /**
   * Requests in worker order, then those only a site listing showed (their worker started after
   * {@code list wp}, so pool and pid are unknown: empty and 0). A request missing from every site
   * listing gets an empty site. When both listings show a request, the longer elapsed time wins: it
   * is the later look.
   *
   * @param perSite site name → the requests {@code /site.name:} listed
   * @param workers pid → app pool, from {@code list wp}
   * @param perWorker pid → the requests {@code /wp.name:} listed
   */
  static List<ActiveRequest> join(
      Map<String, List<RequestLine>> perSite,
      Map<Integer, String> workers,
      Map<Integer, List<RequestLine>> perWorker) {
    Map<String, Sighting> bySite = new LinkedHashMap<>();
    perSite.forEach(
        (site, lines) -> lines.forEach(r -> bySite.putIfAbsent(r.id(), new Sighting(site, r))));

    Map<String, ActiveRequest> byId = new LinkedHashMap<>();
    perWorker.forEach(
        (pid, lines) -> {
          for (RequestLine r : lines) {
            Sighting s = bySite.get(r.id());
            Duration elapsed = s == null ? r.elapsed() : max(r.elapsed(), s.line().elapsed());
            byId.putIfAbsent(
                r.id(),
                new ActiveRequest(
                    r.id(),
                    workers.getOrDefault(pid, ""),
                    s == null ? "" : s.site(),
                    r.url(),
                    r.verb(),
                    elapsed,
                    pid));
          }
        });
    bySite.forEach(
        (id, s) ->
            byId.computeIfAbsent(
                id,
                k ->
                    new ActiveRequest(
                        id, "", s.site(), s.line().url(), s.line().verb(), s.line().elapsed(), 0)));
    return List.copyOf(byId.values());
  }

  private record Sighting(String site, RequestLine line) {}

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
