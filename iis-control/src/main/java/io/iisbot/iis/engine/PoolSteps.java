package io.iisbot.iis.engine;

import io.iisbot.iis.ActiveRequest;
import io.iisbot.iis.AppPool;
import io.iisbot.iis.Durations;
import io.iisbot.iis.EventRecord;
import io.iisbot.iis.IisException;
import io.iisbot.iis.ObjectState;
import io.iisbot.iis.WorkerProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Steps on app pools and their workers: stop and wait, kill leftovers, start, recycle. */
final class PoolSteps {

  private PoolSteps() {}

  static String stopPools(Run run, List<String> names) throws InterruptedException {
    return stopPools(run, names, null);
  }

  /**
   * Stops the pools and waits for them; with {@code thenStop}, also sends that service's stop once
   * every pool's stop was accepted (its own step then only waits for it), so its stop time runs
   * while the workers exit. A refusal there is left to the service's own step to send and report.
   */
  static String stopPools(Run run, List<String> names, String thenStop)
      throws InterruptedException {
    Set<String> poolKeys = HostReads.keys(names);
    Map<String, Duration> limits = new HashMap<>();
    Map<String, Instant> deadlines = new HashMap<>();
    List<Instant> killSamples = new ArrayList<>();
    Instant windowStart = run.now();
    WorkerWatch watch = new WorkerWatch(poolKeys);
    watch.poll(run);
    List<String> sent = new ArrayList<>();
    List<IisException> refused = new ArrayList<>();
    for (String name : names) {
      AppPool p = HostReads.pool(run, name);
      limits.put(HostReads.key(p.name()), p.shutdownTimeLimit());
      deadlines.put(
          HostReads.key(p.name()),
          run.now().plus(p.shutdownTimeLimit()).plus(run.settings.workerExitGrace()));
      if (p.state() == ObjectState.STARTED || p.state() == ObjectState.STARTING) {
        try {
          run.call("stop pool " + p.name(), () -> run.host.stopPool(p.name()));
        } catch (IisException e) {
          // Stop the others anyway and wait for them: half-sent stops must not be left unwatched.
          refused.add(e);
          deadlines.remove(HostReads.key(p.name()));
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
    if (thenStop != null && refused.isEmpty()) {
      try {
        // One attempt, not retried: the service's own step retries and reports a refusal.
        run.host.stopService(thenStop);
        run.noReturn = "the stop of " + thenStop + " was already sent";
      } catch (IisException e) {
        // Not sent; the service's step sends it as it always does, retries and all.
      }
    }
    Set<String> waitedKeys = deadlines.keySet();
    Instant deadline = deadlines.values().stream().max(Instant::compareTo).orElse(run.now());
    List<Integer> pidsAtStart = List.copyOf(watch.seenPids());
    run.await(
        deadline,
        () -> {
          watch.poll(run);
          Instant now = run.now();
          boolean workersDone =
              watch.alive().stream()
                  .allMatch(
                      w ->
                          !waitedKeys.contains(HostReads.key(w.pool()))
                              || !now.isBefore(deadlines.get(HostReads.key(w.pool()))));
          return workersDone
              && run.read("list pools", run.host::pools).stream()
                  .filter(p -> waitedKeys.contains(HostReads.key(p.name())))
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
        watch.alive().stream().filter(w -> waitedKeys.contains(HostReads.key(w.pool()))).toList());
    long was5013 = events.stream().filter(e -> e.id() == 5013).count();
    if (was5013 > 0) {
      run.findings.add(
          Finding.warning(
              HostReads.count(cut.size(), "request")
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
                  + HostReads.megabytes(w.workingSetBytes())
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
            .filter(p -> waitedKeys.contains(HostReads.key(p.name())))
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
            : "stopped " + HostReads.count(sent.size(), "pool") + ": " + String.join(", ", sent));
    long exited = pidsAtStart.size() - run.leftovers.size();
    detail.append("; ").append(HostReads.count(exited, "worker")).append(" exited");
    if (was5013 > 0) {
      detail.append(" (").append(was5013).append(" killed by WAS, 5013)");
    }
    if (!run.leftovers.isEmpty()) {
      detail
          .append("; ")
          .append(HostReads.count(run.leftovers.size(), "worker"))
          .append(" still running");
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
      killed.add(w.pid() + " (" + w.pool() + ", " + HostReads.megabytes(w.workingSetBytes()) + ")");
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
      AppPool p = HostReads.pool(run, name);
      if (p.state() == ObjectState.STOPPED) {
        run.call("start pool " + p.name(), () -> run.host.startPool(p.name()));
        started.add(p.name());
      } else if (p.state() == ObjectState.STOPPING) {
        boolean stopped =
            run.await(
                run.now().plus(p.shutdownTimeLimit()).plus(run.settings.workerExitGrace()),
                () -> HostReads.pool(run, name).state() == ObjectState.STOPPED);
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
    return "started " + HostReads.count(started.size(), "pool") + ": " + String.join(", ", started);
  }

  /** Watches started pools for a while: rapid-fail protection disables a pool a moment later. */
  static String watchRapidFail(Run run, List<String> names) throws InterruptedException {
    if (names.isEmpty()) {
      throw new Step.Skip("no pool to watch");
    }
    Set<String> poolKeys = HostReads.keys(names);
    Duration watch = run.settings.rapidFailWatch();
    Instant since = run.startedAt;
    List<String> disabled = new ArrayList<>();
    run.await(
        run.now().plus(watch),
        () -> {
          disabled.clear();
          run.read("list pools", run.host::pools).stream()
              .filter(
                  p ->
                      poolKeys.contains(HostReads.key(p.name()))
                          && p.state() == ObjectState.STOPPED)
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
    return HostReads.count(names.size(), "pool") + " stayed up for " + Durations.format(watch);
  }

  static String recycle(Run run, String name) throws InterruptedException {
    AppPool p = HostReads.pool(run, name);
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
    AppPool p = HostReads.pool(run, name);
    Instant windowStart = run.now();
    WorkerWatch watch = new WorkerWatch(Set.of(HostReads.key(p.name())));
    Instant deadline = run.now().plus(p.shutdownTimeLimit()).plus(run.settings.workerExitGrace());
    boolean rotated =
        run.await(
            deadline,
            () -> {
              watch.poll(run);
              List<Integer> now = watch.alive().stream().map(WorkerProcess::pid).toList();
              return now.stream().noneMatch(before::contains) && !now.isEmpty();
            },
            () -> List.of(WorkerWatch.killSampleTime(windowStart, p.shutdownTimeLimit())));
    List<EventRecord> events =
        run.read("read events", () -> run.host.events(windowStart, run.now().plusMillis(1)));
    run.cuts.addAll(watch.cutByWas(events, Map.of(HostReads.key(p.name()), p.shutdownTimeLimit())));
    List<Integer> after = watch.alive().stream().map(WorkerProcess::pid).toList();
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
}
