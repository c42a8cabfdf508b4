package io.iisbot.iis.engine;

import io.iisbot.iis.ActiveRequest;
import io.iisbot.iis.Durations;
import io.iisbot.iis.EventRecord;
import io.iisbot.iis.RequestReading;
import io.iisbot.iis.WorkerProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Watches the workers of some pools while they shut down: which pids are alive, what each was last
 * seen doing, and so which requests were cut when WAS killed a worker (event 5013).
 */
final class WorkerWatch {

  private final Set<String> pools;
  private final Map<Integer, List<ActiveRequest>> lastSeen = new HashMap<>();
  private final Map<Integer, String> poolOfPid = new LinkedHashMap<>();
  private Map<String, List<Integer>> pidsByPool = Map.of();
  private List<WorkerProcess> alive = List.of();

  WorkerWatch(Set<String> poolsLowerCase) {
    this.pools = poolsLowerCase;
  }

  /** Reads the host once and reports, as progress, the pools whose workers changed. */
  void poll(Run run) throws InterruptedException {
    observe(
            run.read("list workers", run.host::workers),
            run.read("list requests", run.host::requests))
        .forEach((pool, pids) -> run.emit(new Progress.WorkerPids(run.now(), pool, pids)));
  }

  /** Takes one reading; returns the pools whose pid list changed, with their new pids. */
  Map<String, List<Integer>> observe(List<WorkerProcess> workers, RequestReading requests) {
    List<WorkerProcess> mine =
        workers.stream()
            .filter(w -> pools.contains(w.pool().toLowerCase(java.util.Locale.ROOT)))
            .toList();
    Map<String, List<Integer>> byPool = new LinkedHashMap<>();
    for (WorkerProcess w : mine) {
      byPool.computeIfAbsent(w.pool(), k -> new ArrayList<>()).add(w.pid());
      poolOfPid.put(w.pid(), w.pool());
      lastSeen.put(w.pid(), new ArrayList<>());
    }
    for (ActiveRequest r : requests.requests()) {
      List<ActiveRequest> l = lastSeen.get(r.workerPid());
      if (l != null && mine.stream().anyMatch(w -> w.pid() == r.workerPid())) {
        l.add(r);
      }
    }
    Map<String, List<Integer>> changed = new LinkedHashMap<>();
    byPool.forEach(
        (pool, pids) -> {
          if (!pids.equals(pidsByPool.get(pool))) {
            changed.put(pool, pids);
          }
        });
    pidsByPool.keySet().stream()
        .filter(p -> !byPool.containsKey(p))
        .forEach(p -> changed.put(p, List.of()));
    pidsByPool = byPool;
    alive = mine;
    return changed;
  }

  List<WorkerProcess> alive() {
    return alive;
  }

  Map<String, List<Integer>> pidsByPool() {
    return pidsByPool;
  }

  Set<Integer> seenPids() {
    return new TreeSet<>(poolOfPid.keySet());
  }

  List<ActiveRequest> lastSeenOn(int pid) {
    return lastSeen.getOrDefault(pid, List.of());
  }

  /**
   * The requests cut by WAS: those last seen on a worker for which WAS wrote 5013 in the window.
   */
  List<CutRequest> cutByWas(List<EventRecord> events, Map<String, Duration> limits) {
    List<CutRequest> cut = new ArrayList<>();
    for (EventRecord e : events) {
      if (e.id() != 5013 || !EventCatalog.WAS.equals(e.provider())) {
        continue;
      }
      int pid = parsePid(e.data().get("ProcessID"));
      if (!poolOfPid.containsKey(pid) || alive.stream().anyMatch(w -> w.pid() == pid)) {
        continue;
      }
      String pool = poolOfPid.get(pid);
      Duration limit = limits.get(pool.toLowerCase(java.util.Locale.ROOT));
      String reason =
          "WAS killed worker "
              + pid
              + " of pool "
              + pool
              + " after shutdownTimeLimit"
              + (limit == null ? "" : " (" + Durations.format(limit) + ")")
              + " at "
              + e.time()
              + " (event 5013)";
      for (ActiveRequest r : lastSeenOn(pid)) {
        cut.add(new CutRequest(r, reason));
      }
    }
    return cut;
  }

  private static int parsePid(String s) {
    try {
      return s == null ? -1 : Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  static Instant killSampleTime(Instant stopSentAt, Duration shutdownTimeLimit) {
    return stopSentAt.plus(shutdownTimeLimit).minusMillis(1);
  }
}
