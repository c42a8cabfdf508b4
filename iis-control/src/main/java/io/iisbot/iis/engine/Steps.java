package io.iisbot.iis.engine;

import io.iisbot.iis.ActiveRequest;
import io.iisbot.iis.AppPool;
import io.iisbot.iis.Durations;
import io.iisbot.iis.EventRecord;
import io.iisbot.iis.IisException;
import io.iisbot.iis.ObjectState;
import io.iisbot.iis.RequestReading;
import io.iisbot.iis.ServiceInfo;
import io.iisbot.iis.ServiceState;
import io.iisbot.iis.Site;
import io.iisbot.iis.WorkerProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The step bodies the planner puts together. Each reads fresh state before it acts. */
final class Steps {

  private Steps() {}

  // ---- sites ---------------------------------------------------------------------------------

  static String stopSites(Run run, List<String> names) throws InterruptedException {
    List<String> stopped = new ArrayList<>();
    for (String name : names) {
      Site s = site(run, name);
      if (s.state() == ObjectState.STARTED || s.state() == ObjectState.STARTING) {
        run.call("stop site " + s.name(), () -> run.host.stopSite(s.name()));
        run.stoppedSites.add(s.name());
        stopped.add(s.name());
      }
    }
    if (stopped.isEmpty()) {
      throw new Step.Skip("no site was running");
    }
    return "stopped " + count(stopped.size(), "site") + ": " + String.join(", ", stopped);
  }

  static String startSites(Run run, List<String> names) throws InterruptedException {
    List<String> started = new ArrayList<>();
    for (String name : names) {
      Site s = site(run, name);
      if (s.state() == ObjectState.STOPPED) {
        run.call("start site " + s.name(), () -> run.host.startSite(s.name()));
        started.add(s.name());
      }
      run.startedSites.add(s.name());
      AppPool pool = s.pools().isEmpty() ? null : pool(run, s.pools().get(0));
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
    return "started " + count(started.size(), "site") + ": " + String.join(", ", started);
  }

  /**
   * Waits for the requests on the given sites to finish. Reaching the deadline is not a failure:
   * what happens to the rest depends on the next steps, so it becomes a finding.
   */
  static String drain(Run run, List<String> sites, List<String> pools, Duration limit)
      throws InterruptedException {
    Set<String> siteKeys = keys(sites);
    Set<String> poolKeys = keys(pools);
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
                            siteKeys.contains(key(r.site()))
                                || (siteKeys.isEmpty() && poolKeys.contains(key(r.pool()))))
                    .forEach(remaining::add);
                n = remaining.size();
              } else {
                n =
                    reading.activeByPool().entrySet().stream()
                        .filter(e -> poolKeys.contains(key(e.getKey())))
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
          : "drained " + count(first[0], "request") + " in " + Durations.format(took);
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
            count(last[0], "request")
                + " still in flight when the "
                + Durations.format(limit)
                + " drain deadline passed"
                + (sample.isEmpty() ? "" : ": " + sample)));
    return "deadline passed with " + count(last[0], "request") + " in flight";
  }

  // ---- pools ---------------------------------------------------------------------------------

  static String stopPools(Run run, List<String> names) throws InterruptedException {
    Set<String> poolKeys = keys(names);
    Map<String, Duration> limits = new HashMap<>();
    Map<String, Instant> deadlines = new HashMap<>();
    List<Instant> killSamples = new ArrayList<>();
    Instant windowStart = run.now();
    WorkerWatch watch = new WorkerWatch(poolKeys);
    watch.observe(
        run.read("list workers", run.host::workers), run.read("list requests", run.host::requests));
    List<String> sent = new ArrayList<>();
    List<IisException> refused = new ArrayList<>();
    for (String name : names) {
      AppPool p = pool(run, name);
      limits.put(key(p.name()), p.shutdownTimeLimit());
      deadlines.put(
          key(p.name()),
          run.now().plus(p.shutdownTimeLimit()).plus(run.settings.workerExitGrace()));
      if (p.state() == ObjectState.STARTED || p.state() == ObjectState.STARTING) {
        try {
          run.call("stop pool " + p.name(), () -> run.host.stopPool(p.name()));
        } catch (IisException e) {
          // Stop the others anyway and wait for them: half-sent stops must not be left unwatched.
          refused.add(e);
          deadlines.remove(key(p.name()));
          continue;
        }
        run.stoppedPools.add(p.name());
        sent.add(p.name());
        killSamples.add(WorkerWatch.killSampleTime(run.now(), p.shutdownTimeLimit()));
      }
    }
    if (sent.isEmpty() && refused.isEmpty() && watch.alive().isEmpty()) {
      throw new Step.Skip("every pool was already stopped");
    }
    Set<String> waitedKeys = deadlines.keySet();
    Instant deadline = deadlines.values().stream().max(Instant::compareTo).orElse(run.now());
    List<Integer> pidsAtStart = List.copyOf(watch.seenPids());
    run.await(
        deadline,
        () -> {
          watch
              .observe(
                  run.read("list workers", run.host::workers),
                  run.read("list requests", run.host::requests))
              .forEach((pool, pids) -> run.emit(new Progress.WorkerPids(run.now(), pool, pids)));
          Instant now = run.now();
          boolean workersDone =
              watch.alive().stream()
                  .allMatch(
                      w ->
                          !waitedKeys.contains(key(w.pool()))
                              || !now.isBefore(deadlines.get(key(w.pool()))));
          return workersDone
              && run.read("list pools", run.host::pools).stream()
                  .filter(p -> waitedKeys.contains(key(p.name())))
                  .allMatch(
                      p -> p.state() == ObjectState.STOPPED || p.state() == ObjectState.UNKNOWN);
        },
        () -> killSamples);
    List<EventRecord> events =
        run.read("read events", () -> run.host.events(windowStart, run.now().plusMillis(1)));
    List<CutRequest> cut = watch.cutByWas(events, limits);
    run.cuts.addAll(cut);
    run.leftovers.clear();
    run.leftovers.addAll(
        watch.alive().stream().filter(w -> waitedKeys.contains(key(w.pool()))).toList());
    long was5013 = events.stream().filter(e -> e.id() == 5013).count();
    if (was5013 > 0) {
      run.findings.add(
          Finding.warning(
              count(cut.size(), "request")
                  + " cut when WAS killed workers after shutdownTimeLimit (event 5013)"));
    }
    for (WorkerProcess w : run.leftovers) {
      run.findings.add(
          Finding.warning(
              "w3wp.exe pid "
                  + w.pid()
                  + " of pool "
                  + w.pool()
                  + " ("
                  + megabytes(w.workingSetBytes())
                  + ") outlived its pool"
                  + (run.request.options().force()
                      ? "; it will be killed (--force)"
                      : "; run the stop again with --force to kill it")));
    }
    if (!refused.isEmpty()) {
      throw new Step.Failure(
          refused.stream().map(IisException::getMessage).collect(Collectors.joining("; ")));
    }
    List<String> notStopped =
        run.read("list pools", run.host::pools).stream()
            .filter(p -> waitedKeys.contains(key(p.name())))
            .filter(p -> p.state() != ObjectState.STOPPED && p.state() != ObjectState.UNKNOWN)
            .map(p -> p.name() + " (" + p.state().display() + ")")
            .toList();
    if (!notStopped.isEmpty()) {
      throw new Step.Failure(
          "pools still not stopped after "
              + Durations.format(Duration.between(windowStart, run.now()))
              + ": "
              + String.join(", ", notStopped));
    }
    StringBuilder detail = new StringBuilder();
    detail.append(
        sent.isEmpty()
            ? "pools were already stopping"
            : "stopped " + count(sent.size(), "pool") + ": " + String.join(", ", sent));
    long exited = pidsAtStart.size() - run.leftovers.size();
    detail.append("; ").append(count(exited, "worker")).append(" exited");
    if (was5013 > 0) {
      detail.append(" (").append(was5013).append(" killed by WAS, 5013)");
    }
    if (!run.leftovers.isEmpty()) {
      detail.append("; ").append(count(run.leftovers.size(), "worker")).append(" still running");
    }
    return detail.toString();
  }

  static String killLeftovers(Run run) throws InterruptedException {
    if (run.leftovers.isEmpty()) {
      throw new Step.Skip("no worker outlived its pool");
    }
    List<String> killed = new ArrayList<>();
    for (WorkerProcess w : List.copyOf(run.leftovers)) {
      List<ActiveRequest> onIt =
          run.read("list requests", run.host::requests).requests().stream()
              .filter(r -> r.workerPid() == w.pid())
              .toList();
      run.call("kill worker " + w.pid(), () -> run.host.killWorker(w.pid()));
      onIt.forEach(
          r ->
              run.cuts.add(
                  new CutRequest(
                      r,
                      "worker "
                          + w.pid()
                          + " of pool "
                          + w.pool()
                          + " was killed by iisbot (--force)")));
      run.note("killed w3wp.exe pid " + w.pid() + " of pool " + w.pool());
      killed.add(w.pid() + " (" + w.pool() + ", " + megabytes(w.workingSetBytes()) + ")");
    }
    Set<Integer> pids = run.leftovers.stream().map(WorkerProcess::pid).collect(Collectors.toSet());
    boolean gone =
        run.await(
            run.now().plus(run.settings.workerExitGrace()),
            () ->
                run.read("list workers", run.host::workers).stream()
                    .noneMatch(w -> pids.contains(w.pid())));
    if (!gone) {
      throw new Step.Failure("killed workers are still running: " + pids);
    }
    run.findings.add(Finding.warning("killed leftover w3wp.exe: " + String.join(", ", killed)));
    run.leftovers.clear();
    return "killed " + String.join(", ", killed);
  }

  static String startPools(Run run, List<String> names) throws InterruptedException {
    List<String> started = new ArrayList<>();
    for (String name : names) {
      AppPool p = pool(run, name);
      if (p.state() == ObjectState.STOPPED) {
        run.call("start pool " + p.name(), () -> run.host.startPool(p.name()));
        started.add(p.name());
      } else if (p.state() == ObjectState.STOPPING) {
        boolean stopped =
            run.await(
                run.now().plus(p.shutdownTimeLimit()).plus(run.settings.workerExitGrace()),
                () -> pool(run, name).state() == ObjectState.STOPPED);
        if (!stopped) {
          throw new Step.Failure(
              "pool " + p.name() + " is still stopping; start it once it has stopped");
        }
        run.call("start pool " + p.name(), () -> run.host.startPool(p.name()));
        started.add(p.name());
      }
      run.startedPools.add(p.name());
    }
    if (started.isEmpty()) {
      throw new Step.Skip("every pool was already started");
    }
    return "started " + count(started.size(), "pool") + ": " + String.join(", ", started);
  }

  /** Watches started pools for a while: rapid-fail protection disables a pool a moment later. */
  static String watchRapidFail(Run run, List<String> names) throws InterruptedException {
    if (names.isEmpty()) {
      throw new Step.Skip("no pool to watch");
    }
    Set<String> poolKeys = keys(names);
    Duration watch = run.settings.rapidFailWatch();
    Instant since = run.startedAt;
    List<String> disabled = new ArrayList<>();
    run.await(
        run.now().plus(watch),
        () -> {
          disabled.clear();
          run.read("list pools", run.host::pools).stream()
              .filter(p -> poolKeys.contains(key(p.name())) && p.state() == ObjectState.STOPPED)
              .forEach(p -> disabled.add(p.name()));
          return !disabled.isEmpty();
        });
    List<EventRecord> rapid =
        run.read("read events", () -> run.host.events(since, run.now().plusMillis(1))).stream()
            .filter(e -> e.id() == 5002 && EventCatalog.WAS.equals(e.provider()))
            .toList();
    if (!disabled.isEmpty()) {
      throw new Step.Failure(
          "rapid-fail protection disabled "
              + String.join(", ", disabled)
              + (rapid.isEmpty() ? "" : " (event 5002)")
              + " within "
              + Durations.format(watch)
              + " of the start; its workers keep crashing: see the events below");
    }
    return count(names.size(), "pool") + " stayed up for " + Durations.format(watch);
  }

  static String recycle(Run run, String name) throws InterruptedException {
    AppPool p = pool(run, name);
    if (p.state() != ObjectState.STARTED) {
      throw new Step.Failure(
          "pool "
              + p.name()
              + " is "
              + p.state().display()
              + "; only a started pool can be recycled");
    }
    List<Integer> before =
        run.read("list workers", run.host::workers).stream()
            .filter(w -> w.pool().equalsIgnoreCase(p.name()))
            .map(WorkerProcess::pid)
            .toList();
    run.workerPidsBefore = before;
    if (before.isEmpty()) {
      throw new Step.Skip("no worker was running; the next request starts a fresh one");
    }
    run.call("recycle pool " + p.name(), () -> run.host.recyclePool(p.name()));
    run.emit(new Progress.WorkerPids(run.now(), p.name(), before));
    return "asked WAS to recycle " + p.name() + " (workers " + before + ")";
  }

  /** Waits until the old workers have exited and a new one runs. */
  static String awaitRotation(Run run, String name) throws InterruptedException {
    List<Integer> before = run.workerPidsBefore;
    if (before.isEmpty()) {
      throw new Step.Skip("nothing was recycled");
    }
    AppPool p = pool(run, name);
    Instant windowStart = run.now();
    WorkerWatch watch = new WorkerWatch(Set.of(key(p.name())));
    Instant deadline = run.now().plus(p.shutdownTimeLimit()).plus(run.settings.workerExitGrace());
    boolean rotated =
        run.await(
            deadline,
            () -> {
              watch
                  .observe(
                      run.read("list workers", run.host::workers),
                      run.read("list requests", run.host::requests))
                  .forEach(
                      (pool, pids) -> run.emit(new Progress.WorkerPids(run.now(), pool, pids)));
              List<Integer> now = watch.alive().stream().map(WorkerProcess::pid).toList();
              return now.stream().noneMatch(before::contains) && !now.isEmpty();
            },
            () -> List.of(WorkerWatch.killSampleTime(windowStart, p.shutdownTimeLimit())));
    List<EventRecord> events =
        run.read("read events", () -> run.host.events(windowStart, run.now().plusMillis(1)));
    run.cuts.addAll(watch.cutByWas(events, Map.of(key(p.name()), p.shutdownTimeLimit())));
    List<Integer> after = watch.alive().stream().map(WorkerProcess::pid).toList();
    run.recycledPids = after;
    if (!rotated) {
      List<Integer> stillOld = after.stream().filter(before::contains).toList();
      throw new Step.Failure(
          stillOld.isEmpty()
              ? "the old workers exited but no new worker started within "
                  + Durations.format(Duration.between(windowStart, run.now()))
              : "old workers "
                  + stillOld
                  + " still running after "
                  + Durations.format(Duration.between(windowStart, run.now())));
    }
    return "workers " + before + " → " + after;
  }

  // ---- flags ---------------------------------------------------------------------------------

  static String clearAutoStart(Run run, List<String> pools, List<String> sites)
      throws InterruptedException {
    List<String> changed = new ArrayList<>();
    for (String name : pools) {
      AppPool p = pool(run, name);
      if (p.autoStart()) {
        run.call("set autoStart of " + p.name(), () -> run.host.setPoolAutoStart(p.name(), false));
        run.poolsAutoStartCleared.add(p.name());
        changed.add("pool " + p.name());
      }
    }
    for (String name : sites) {
      Site s = site(run, name);
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
      AppPool p = pool(run, name);
      if (!p.autoStart()) {
        run.call("set autoStart of " + p.name(), () -> run.host.setPoolAutoStart(p.name(), true));
        changed.add("pool " + p.name());
      }
    }
    for (String name : sites) {
      Site s = site(run, name);
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

  // ---- services ------------------------------------------------------------------------------

  /** Stops a service after its running dependents, leaves first, waiting for each. */
  static String stopServiceTree(Run run, String name) throws InterruptedException {
    List<ServiceInfo> all = run.read("query services", run.host::services);
    List<String> order = new ArrayList<>();
    leavesFirst(all, name, order, new LinkedHashSet<>());
    List<String> stopped = new ArrayList<>();
    for (String svcName : order) {
      ServiceInfo s = service(run, svcName);
      if (s.state() == ServiceState.STOPPED) {
        continue;
      }
      if (s.state() == ServiceState.START_PENDING
          || s.state() == ServiceState.CONTINUE_PENDING
          || s.state() == ServiceState.PAUSE_PENDING) {
        awaitService(run, svcName, null);
      }
      if (service(run, svcName).state() != ServiceState.STOP_PENDING) {
        try {
          run.call("stop service " + svcName, () -> run.host.stopService(svcName));
        } catch (IisException e) {
          if (e.code() != IisException.SERVICE_NOT_ACTIVE
              && e.code() != IisException.INVALID_SERVICE_CONTROL) {
            throw e;
          }
        }
      }
      awaitService(run, svcName, ServiceState.STOPPED);
      run.stoppedServices.add(svcName);
      stopped.add(svcName);
    }
    if (stopped.isEmpty()) {
      throw new Step.Skip(name + " was already stopped");
    }
    return "stopped " + String.join(", then ", stopped);
  }

  private static void leavesFirst(
      List<ServiceInfo> all, String name, List<String> order, Set<String> visiting) {
    if (!visiting.add(name.toUpperCase(Locale.ROOT))) {
      return;
    }
    ServiceInfo s =
        all.stream().filter(x -> x.name().equalsIgnoreCase(name)).findFirst().orElse(null);
    if (s == null) {
      throw new Step.Failure("service " + name + " is not installed on this host");
    }
    for (String d : s.dependents()) {
      leavesFirst(all, d, order, visiting);
    }
    if (order.stream().noneMatch(o -> o.equalsIgnoreCase(s.name()))) {
      order.add(s.name());
    }
  }

  static String startServices(Run run, List<String> names) throws InterruptedException {
    List<String> started = new ArrayList<>();
    for (String name : names) {
      ServiceInfo s = service(run, name);
      if (s.state() == ServiceState.RUNNING) {
        continue;
      }
      if (s.state() == ServiceState.STOP_PENDING) {
        awaitService(run, name, ServiceState.STOPPED);
      }
      try {
        run.call("start service " + name, () -> run.host.startService(name));
      } catch (IisException e) {
        if (e.code() != IisException.SERVICE_ALREADY_RUNNING) {
          throw e;
        }
      }
      for (String dep : s.dependsOn()) {
        awaitService(run, dep, ServiceState.RUNNING);
      }
      awaitService(run, name, ServiceState.RUNNING);
      started.add(name);
    }
    if (started.isEmpty()) {
      throw new Step.Skip(String.join(", ", names) + " already running");
    }
    return "started " + String.join(", ", started);
  }

  /**
   * Waits for a service to reach {@code target} (or any settled state when null). A pending state
   * whose checkpoint does not move within the wait hint is a hung service, as the SCM defines it.
   */
  static void awaitService(Run run, String name, ServiceState target) throws InterruptedException {
    Instant deadline = run.now().plus(run.settings.serviceTimeout());
    ServiceInfo[] last = {null};
    int[] checkpoint = {-1};
    Instant[] movedAt = {run.now()};
    String[] hung = {null};
    boolean reached =
        run.await(
            deadline,
            () -> {
              ServiceInfo s = service(run, name);
              last[0] = s;
              if (target == null ? !s.state().isPending() : s.state() == target) {
                return true;
              }
              if (s.checkpoint() != checkpoint[0]) {
                checkpoint[0] = s.checkpoint();
                movedAt[0] = run.now();
              }
              Duration hint = s.waitHint();
              if (s.state().isPending()
                  && !hint.isZero()
                  && Duration.between(movedAt[0], run.now()).compareTo(hint) >= 0) {
                hung[0] =
                    name
                        + " is stuck in "
                        + s.state()
                        + ": checkpoint "
                        + s.checkpoint()
                        + " has not moved for "
                        + Durations.format(Duration.between(movedAt[0], run.now()))
                        + " (wait hint "
                        + Durations.format(hint)
                        + ")";
                return true;
              }
              if (!s.state().isPending() && target != null) {
                hung[0] = name + " went to " + s.state() + " instead of " + target;
                return true;
              }
              return false;
            });
    if (hung[0] != null) {
      throw new Step.Failure(hung[0]);
    }
    if (!reached) {
      ServiceInfo s = last[0];
      throw new Step.Failure(
          name
              + " did not reach "
              + target
              + " within "
              + Durations.format(run.settings.serviceTimeout())
              + (s == null
                  ? ""
                  : "; it is "
                      + s.state()
                      + " (wait hint "
                      + Durations.format(s.waitHint())
                      + ")"));
    }
  }

  // ---- reads ---------------------------------------------------------------------------------

  static Site site(Run run, String name) throws InterruptedException {
    return run.read("list sites", run.host::sites).stream()
        .filter(s -> s.name().equalsIgnoreCase(name))
        .findFirst()
        .orElseThrow(() -> new Step.Failure("site " + name + " no longer exists"));
  }

  static AppPool pool(Run run, String name) throws InterruptedException {
    return run.read("list pools", run.host::pools).stream()
        .filter(p -> p.name().equalsIgnoreCase(name))
        .findFirst()
        .orElseThrow(() -> new Step.Failure("pool " + name + " no longer exists"));
  }

  static ServiceInfo service(Run run, String name) throws InterruptedException {
    return run.read("query services", run.host::services).stream()
        .filter(s -> s.name().equalsIgnoreCase(name))
        .findFirst()
        .orElseThrow(() -> new Step.Failure("service " + name + " is not installed on this host"));
  }

  static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  static Set<String> keys(List<String> names) {
    return names.stream().map(Steps::key).collect(Collectors.toSet());
  }

  static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  static String megabytes(long bytes) {
    return (bytes / (1024 * 1024)) + " MB";
  }
}
