package io.iisbot.iis.engine;

import io.iisbot.iis.ActiveRequest;
import io.iisbot.iis.AppPool;
import io.iisbot.iis.Durations;
import io.iisbot.iis.ObjectState;
import io.iisbot.iis.RequestReading;
import io.iisbot.iis.Site;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Steps on sites: stop, start, drain, and the serverAutoStart/autoStart flags. */
final class SiteSteps {

  private SiteSteps() {}

  static String stopSites(Run run, List<String> names) throws InterruptedException {
    List<String> stopped = new ArrayList<>();
    for (String name : names) {
      Site s = HostReads.site(run, name);
      if (s.state() == ObjectState.STARTED || s.state() == ObjectState.STARTING) {
        run.call("stop site " + s.name(), () -> run.host.stopSite(s.name()));
        run.stoppedSites.add(s.name());
        stopped.add(s.name());
      }
    }
    if (stopped.isEmpty()) {
      throw new Step.Skip("no site was running");
    }
    return "stopped " + HostReads.count(stopped.size(), "site") + ": " + String.join(", ", stopped);
  }

  static String startSites(Run run, List<String> names) throws InterruptedException {
    List<String> started = new ArrayList<>();
    for (String name : names) {
      Site s = HostReads.site(run, name);
      if (s.state() == ObjectState.STOPPED) {
        run.call("start site " + s.name(), () -> run.host.startSite(s.name()));
        started.add(s.name());
      }
      run.startedSites.add(s.name());
      AppPool pool = s.pools().isEmpty() ? null : HostReads.pool(run, s.pools().get(0));
      if (pool != null && pool.state() != ObjectState.STARTED) {
        run.findings.add(
            Finding.warning(
                "site "
                    + s.name()
                    + " is started but its pool "
                    + pool.name()
                    + " is "
                    + pool.state().display()
                    + ": clients get 503 until the pool starts"));
      }
    }
    if (started.isEmpty()) {
      throw new Step.Skip("every site was already started");
    }
    return "started " + HostReads.count(started.size(), "site") + ": " + String.join(", ", started);
  }

  /**
   * Waits for the requests on the given sites to finish. Reaching the deadline is not a failure:
   * what happens to the rest depends on the next steps, so it becomes a finding.
   */
  static String drain(Run run, List<String> sites, List<String> pools, Duration limit)
      throws InterruptedException {
    Set<String> siteKeys = HostReads.keys(sites);
    Set<String> poolKeys = HostReads.keys(pools);
    Instant begin = run.now();
    Instant deadline = begin.plus(limit);
    int[] first = {-1};
    int[] last = {-1};
    List<ActiveRequest> remaining = new ArrayList<>();
    boolean drained =
        run.await(
            deadline,
            () -> {
              RequestReading reading = run.read("list requests", run.host::requests);
              remaining.clear();
              int n;
              if (reading.isDetailed()) {
                reading.requests().stream()
                    .filter(
                        r ->
                            siteKeys.contains(HostReads.key(r.site()))
                                || (siteKeys.isEmpty()
                                    && poolKeys.contains(HostReads.key(r.pool()))))
                    .forEach(remaining::add);
                n = remaining.size();
              } else {
                n =
                    reading.activeByPool().entrySet().stream()
                        .filter(e -> poolKeys.contains(HostReads.key(e.getKey())))
                        .mapToInt(Map.Entry::getValue)
                        .sum();
              }
              if (first[0] < 0) {
                first[0] = n;
              }
              if (n != last[0]) {
                last[0] = n;
                run.emit(
                    new Progress.RequestsLeft(run.now(), n, Duration.between(run.now(), deadline)));
              }
              return n == 0;
            });
    Duration took = Duration.between(begin, run.now());
    if (drained) {
      return first[0] == 0
          ? "no request was in flight"
          : "drained " + HostReads.count(first[0], "request") + " in " + Durations.format(took);
    }
    String sample =
        remaining.stream()
            .sorted((a, b) -> b.elapsed().compareTo(a.elapsed()))
            .limit(5)
            .map(
                r ->
                    r.verb()
                        + " "
                        + r.url()
                        + " ("
                        + r.id()
                        + ", "
                        + Durations.format(r.elapsed())
                        + ")")
            .collect(Collectors.joining(", "));
    run.findings.add(
        Finding.warning(
            HostReads.count(last[0], "request")
                + " still in flight when the "
                + Durations.format(limit)
                + " drain deadline passed"
                + (sample.isEmpty() ? "" : ": " + sample)));
    return "deadline passed with " + HostReads.count(last[0], "request") + " in flight";
  }

  // ---- flags ---------------------------------------------------------------------------------

  static String clearAutoStart(Run run, List<String> pools, List<String> sites)
      throws InterruptedException {
    List<String> changed = new ArrayList<>();
    for (String name : pools) {
      AppPool p = HostReads.pool(run, name);
      if (p.autoStart()) {
        run.call("set autoStart of " + p.name(), () -> run.host.setPoolAutoStart(p.name(), false));
        run.poolsAutoStartCleared.add(p.name());
        changed.add("pool " + p.name());
      }
    }
    for (String name : sites) {
      Site s = HostReads.site(run, name);
      if (s.serverAutoStart()) {
        run.call(
            "set serverAutoStart of " + s.name(), () -> run.host.setSiteAutoStart(s.name(), false));
        run.sitesAutoStartCleared.add(s.name());
        changed.add("site " + s.name());
      }
    }
    if (changed.isEmpty()) {
      throw new Step.Skip("auto-start was already off");
    }
    return "auto-start off for " + String.join(", ", changed) + "; the change survives a reboot";
  }

  static String restoreAutoStart(Run run, List<String> pools, List<String> sites)
      throws InterruptedException {
    List<String> changed = new ArrayList<>();
    for (String name : pools) {
      AppPool p = HostReads.pool(run, name);
      if (!p.autoStart()) {
        run.call("set autoStart of " + p.name(), () -> run.host.setPoolAutoStart(p.name(), true));
        changed.add("pool " + p.name());
      }
    }
    for (String name : sites) {
      Site s = HostReads.site(run, name);
      if (!s.serverAutoStart()) {
        run.call(
            "set serverAutoStart of " + s.name(), () -> run.host.setSiteAutoStart(s.name(), true));
        changed.add("site " + s.name());
      }
    }
    if (changed.isEmpty()) {
      throw new Step.Skip("auto-start was already on");
    }
    return "auto-start on again for " + String.join(", ", changed);
  }
}
