package io.iisbot.iis.engine;

import io.iisbot.iis.AppPool;
import io.iisbot.iis.Durations;
import io.iisbot.iis.HostSnapshot;
import io.iisbot.iis.ObjectState;
import io.iisbot.iis.ServiceInfo;
import io.iisbot.iis.ServiceState;
import io.iisbot.iis.Site;
import io.iisbot.iis.WorkerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Turns a request and a snapshot into the steps to run. The preview and the run come from the same
 * steps, so what an operator confirms is what happens.
 */
final class Planner extends PlanBuilder {

  static final String W3SVC = "W3SVC";
  static final String WAS = "WAS";
  static final String RAPID_FAIL_STEP = "watch for rapid-fail";

  /** The steps and the preview built from them. */
  record Blueprint(Plan plan, List<Step> steps) {}

  private Planner(
      OperationRequest request,
      HostSnapshot snap,
      SuspensionLedger ledger,
      EngineSettings settings) {
    super(request, snap, ledger, settings);
  }

  /**
   * @throws IllegalArgumentException when the scope names a site or pool the host does not have
   */
  static Blueprint build(
      OperationRequest request,
      HostSnapshot snap,
      SuspensionLedger ledger,
      EngineSettings settings) {
    return build(request, snap, ledger, settings, Warmup.off());
  }

  static Blueprint build(
      OperationRequest request,
      HostSnapshot snap,
      SuspensionLedger ledger,
      EngineSettings settings,
      Warmup warmup) {
    Planner p = new Planner(request, snap, ledger, settings);
    p.resolveScope();
    switch (request.action()) {
      case STOP -> p.planStop();
      case SUSPEND -> p.planSuspend();
      case RESUME -> p.planResume();
      case START -> p.planStart(p.ledger.peek(request.scope().key()));
      case RECYCLE -> p.planRecycle();
      case RESET -> {
        p.planStop();
        p.planStartAfterStop();
      }
    }
    if (warmup.enabled()
        && !p.steps.isEmpty()
        && request.action() != Action.STOP
        && request.action() != Action.SUSPEND) {
      p.addWarmup(warmup);
    }
    return new Blueprint(p.preview(), List.copyOf(p.steps));
  }

  // ---- stop, suspend -------------------------------------------------------------------------

  private void planStop() {
    Scope scope = request.scope();
    List<String> siteNames = startedSitesInScope();
    List<String> poolNames =
        scope instanceof Scope.Site
            ? List.of()
            : poolsInScope().stream().filter(this::poolRunning).toList();
    addStopSites(siteNames);
    addDrain(siteNames, poolsOfSites(siteNames));
    if (!poolNames.isEmpty()) {
      Duration limit = longestShutdownLimit(poolNames);
      pools.addAll(poolNames);
      // A host's stop sends W3SVC's stop right after the pools' (when nothing has to happen in
      // between), so W3SVC's own stop time runs while the workers exit instead of after them.
      String thenStop = overlapW3svc(scope) ? W3SVC : null;
      add(
          "stop app pools",
          "stop "
              + names("pool", poolNames)
              + "; WAS gives their workers up to shutdownTimeLimit ("
              + Durations.format(limit)
              + ") and then kills them (event 5013)"
              + (thenStop == null ? "" : "; W3SVC's stop is sent right after, to run meanwhile"),
          run -> PoolSteps.stopPools(run, poolNames, thenStop));
      worstCase = worstCase.plus(limit).plus(settings.workerExitGrace());
      if (options.force()) {
        add(
            "kill leftover workers",
            "kill any w3wp.exe of these pools still running after that (never a service's svchost)",
            PoolSteps::killLeftovers);
      }
    }
    if (options.persist()) {
      addClearAutoStart(poolNames, siteNames);
    }
    if (scope instanceof Scope.Host) {
      addStopService(W3SVC);
      if (options.all()) {
        addStopService(WAS);
      }
    }
    if (scope instanceof Scope.Site) {
      warnings.add(
          "stopping a site keeps its workers and their state; the pool goes on serving other sites");
    }
  }

  /**
   * Whether W3SVC's stop may be sent with the pools' stops: a whole host, nothing planned between
   * the two steps (no --force kill, no --persist), W3SVC running with no dependent of its own.
   */
  private boolean overlapW3svc(Scope scope) {
    if (!(scope instanceof Scope.Host) || options.force() || options.persist()) {
      return false;
    }
    Optional<ServiceInfo> w3svc = snap.service(W3SVC);
    return w3svc.isPresent()
        && w3svc.get().state() == ServiceState.RUNNING
        && w3svc.get().dependents().stream().allMatch(this::serviceStopped);
  }

  private void planSuspend() {
    List<String> siteNames = startedSitesInScope();
    addStopSites(siteNames);
    if (options.persist()) {
      addClearAutoStart(List.of(), siteNames);
    }
    addDrain(siteNames, poolsOfSites(siteNames));
    if (request.scope() instanceof Scope.Host) {
      warnings.add(
          "W3SVC does not accept PAUSE; suspend stops the sites and keeps pools and workers warm");
    }
  }

  private void addStopSites(List<String> siteNames) {
    if (siteNames.isEmpty()) {
      return;
    }
    sites.addAll(siteNames);
    add(
        "stop sites",
        "stop " + names("site", siteNames) + " so they take no new requests",
        run -> {
          run.workerPidsBefore = workerPids(run, poolsOfSites(siteNames));
          return SiteSteps.stopSites(run, siteNames);
        });
  }

  private static List<Integer> workerPids(Run run, List<String> poolNames)
      throws InterruptedException {
    Set<String> keys = HostReads.keys(poolNames);
    return run.read("list workers", run.host::workers).stream()
        .filter(w -> keys.contains(HostReads.key(w.pool())))
        .map(WorkerProcess::pid)
        .sorted()
        .toList();
  }

  private void addDrain(List<String> siteNames, List<String> poolNames) {
    if (siteNames.isEmpty()) {
      return;
    }
    int inFlight = requestsOn(siteNames).size();
    add(
        "drain requests",
        "wait up to "
            + Durations.format(options.drain())
            + " for the "
            + HostReads.count(inFlight, "request")
            + " in flight to finish",
        run -> SiteSteps.drain(run, siteNames, poolNames, options.drain()));
    worstCase = worstCase.plus(options.drain());
  }

  private void addClearAutoStart(List<String> poolNames, List<String> siteNames) {
    add(
        "persist",
        "turn off autoStart/serverAutoStart so the change survives a reboot or WAS restart",
        run -> SiteSteps.clearAutoStart(run, poolNames, siteNames));
  }

  private void addStopService(String name) {
    Optional<ServiceInfo> svc = snap.service(name);
    if (svc.isEmpty() || svc.get().state() == ServiceState.STOPPED) {
      return;
    }
    List<String> order = new ArrayList<>();
    dependentsLeavesFirst(name, order);
    List<String> running =
        order.stream().filter(n -> !serviceStopped(n) && !services.contains(n)).toList();
    services.addAll(running);
    String deps =
        running.stream().filter(n -> !n.equalsIgnoreCase(name)).collect(Collectors.joining(", "));
    add(
        "stop " + name,
        "stop " + name + (deps.isEmpty() ? "" : " after its dependents (" + deps + ")"),
        run -> ServiceSteps.stopServiceTree(run, name));
    worstCase = worstCase.plus(settings.serviceTimeout());
  }

  private void dependentsLeavesFirst(String name, List<String> order) {
    ServiceInfo s = snap.service(name).orElse(null);
    if (s == null || order.contains(s.name())) {
      return;
    }
    for (String d : s.dependents()) {
      dependentsLeavesFirst(d, order);
    }
    if (!order.contains(s.name())) {
      order.add(s.name());
    }
  }

  // ---- start, resume -------------------------------------------------------------------------

  private void planStart(Optional<SuspensionLedger.Entry> record) {
    Scope scope = request.scope();
    if (scope instanceof Scope.Host) {
      List<String> toStart = new ArrayList<>(List.of(W3SVC));
      record.ifPresent(
          r ->
              r.services().stream()
                  .filter(s -> !s.equalsIgnoreCase(W3SVC) && !s.equalsIgnoreCase(WAS))
                  .forEach(toStart::add));
      List<String> notRunning = toStart.stream().filter(n -> !serviceRunning(n)).toList();
      if (!notRunning.isEmpty()) {
        services.addAll(notRunning);
        add(
            "start services",
            "start " + String.join(", ", notRunning) + " (WAS and HTTP come with W3SVC)",
            run -> ServiceSteps.startServices(run, notRunning));
        worstCase = worstCase.plus(settings.serviceTimeout());
      }
      addRestoreAutoStart(
          record,
          snap.pools().stream().map(AppPool::name).toList(),
          snap.sites().stream().map(Site::name).toList());
      List<String> recordedPools = record.map(SuspensionLedger.Entry::pools).orElse(List.of());
      List<String> recordedSites = record.map(SuspensionLedger.Entry::sites).orElse(List.of());
      addStartPoolsAndSites(recordedPools, recordedSites, true);
    } else if (scope instanceof Scope.Site s) {
      addRestoreAutoStart(record, List.of(), List.of(s.name()));
      addStartSites(List.of(requireSite(s.name()).name()));
    } else if (scope instanceof Scope.Pool p) {
      String pool = requirePool(p.name()).name();
      addRestoreAutoStart(
          record, List.of(pool), record.map(SuspensionLedger.Entry::sites).orElse(List.of()));
      addStartPools(List.of(pool));
      addStartSites(record.map(SuspensionLedger.Entry::sites).orElse(List.of()));
      addRapidFailWatch(List.of(pool));
    }
  }

  /** The start half of a reset: undo exactly what the stop half of this run did. */
  private void planStartAfterStop() {
    services.add(W3SVC);
    add(
        "start services",
        "start W3SVC again (WAS and HTTP come with it)",
        run -> {
          List<String> names = new ArrayList<>(List.of(W3SVC));
          run.stoppedServices.stream()
              .filter(s -> !s.equalsIgnoreCase(W3SVC) && !s.equalsIgnoreCase(WAS))
              .forEach(names::add);
          return ServiceSteps.startServices(run, names);
        });
    worstCase = worstCase.plus(settings.serviceTimeout());
    List<String> poolNames = snap.pools().stream().map(AppPool::name).toList();
    List<String> siteNames = snap.sites().stream().map(Site::name).toList();
    if (options.persist()) {
      add(
          "restore auto-start",
          "turn autoStart/serverAutoStart back on",
          run ->
              SiteSteps.restoreAutoStart(
                  run,
                  List.copyOf(run.poolsAutoStartCleared),
                  List.copyOf(run.sitesAutoStartCleared)));
    }
    add(
        "start app pools",
        "start the pools that were running before",
        run ->
            PoolSteps.startPools(
                run, notStarted(run, pools(run, List.copyOf(run.stoppedPools), poolNames))));
    add(
        "start sites",
        "start the sites that were running before",
        run ->
            SiteSteps.startSites(
                run, notStartedSites(run, sites(run, List.copyOf(run.stoppedSites), siteNames))));
    add(
        "watch for rapid-fail",
        "watch the started pools for " + Durations.format(settings.rapidFailWatch()),
        run -> PoolSteps.watchRapidFail(run, List.copyOf(run.startedPools)));
    worstCase = worstCase.plus(settings.rapidFailWatch());
  }

  private void addStartPoolsAndSites(
      List<String> recordedPools, List<String> recordedSites, boolean watch) {
    List<String> poolNames = snap.pools().stream().map(AppPool::name).toList();
    List<String> siteNames = snap.sites().stream().map(Site::name).toList();
    List<String> previewPools =
        snap.pools().stream()
            .filter(
                p ->
                    p.state() != ObjectState.STARTED
                        && (p.autoStart() || containsIgnoreCase(recordedPools, p.name())))
            .map(AppPool::name)
            .toList();
    List<String> previewSites =
        snap.sites().stream()
            .filter(
                s ->
                    s.state() != ObjectState.STARTED
                        && (s.serverAutoStart() || containsIgnoreCase(recordedSites, s.name())))
            .map(Site::name)
            .toList();
    pools.addAll(previewPools);
    sites.addAll(previewSites);
    add(
        "start app pools",
        "start "
            + (previewPools.isEmpty()
                ? "the pools that are set to auto-start or that iisbot stopped"
                : names("pool", previewPools)),
        run -> PoolSteps.startPools(run, notStarted(run, pools(run, recordedPools, poolNames))));
    add(
        "start sites",
        "start "
            + (previewSites.isEmpty()
                ? "the sites that are set to auto-start or that iisbot stopped"
                : names("site", previewSites)),
        run ->
            SiteSteps.startSites(run, notStartedSites(run, sites(run, recordedSites, siteNames))));
    snap.pools().stream()
        .filter(
            p ->
                !p.autoStart()
                    && !containsIgnoreCase(recordedPools, p.name())
                    && p.state() != ObjectState.STARTED)
        .forEach(
            p ->
                warnings.add(
                    "pool "
                        + p.name()
                        + " stays stopped: autoStart is off and iisbot did not stop it (start it with pool:"
                        + p.name()
                        + ")"));
    if (watch) {
      add(
          "watch for rapid-fail",
          "watch the started pools for "
              + Durations.format(settings.rapidFailWatch())
              + " (WAS 5002)",
          run -> PoolSteps.watchRapidFail(run, List.copyOf(run.startedPools)));
      worstCase = worstCase.plus(settings.rapidFailWatch());
    }
  }

  /** Recorded pools, plus those WAS would start itself. Read when the step runs. */
  private static List<String> pools(Run run, List<String> recorded, List<String> all)
      throws InterruptedException {
    List<AppPool> now = run.read("list pools", run.host::pools);
    return all.stream()
        .filter(
            n ->
                containsIgnoreCase(recorded, n)
                    || now.stream().anyMatch(p -> p.name().equalsIgnoreCase(n) && p.autoStart()))
        .toList();
  }

  private static List<String> sites(Run run, List<String> recorded, List<String> all)
      throws InterruptedException {
    List<Site> now = run.read("list sites", run.host::sites);
    return all.stream()
        .filter(
            n ->
                containsIgnoreCase(recorded, n)
                    || now.stream()
                        .anyMatch(s -> s.name().equalsIgnoreCase(n) && s.serverAutoStart()))
        .toList();
  }

  private static List<String> notStarted(Run run, List<String> names) throws InterruptedException {
    List<AppPool> now = run.read("list pools", run.host::pools);
    List<String> out = new ArrayList<>();
    for (String n : names) {
      now.stream()
          .filter(p -> p.name().equalsIgnoreCase(n))
          .findFirst()
          .ifPresent(
              p -> {
                run.startedPools.add(p.name());
                if (p.state() != ObjectState.STARTED) {
                  out.add(p.name());
                }
              });
    }
    return out;
  }

  private static List<String> notStartedSites(Run run, List<String> names)
      throws InterruptedException {
    List<Site> now = run.read("list sites", run.host::sites);
    return names.stream()
        .filter(
            n ->
                now.stream()
                    .anyMatch(
                        s -> s.name().equalsIgnoreCase(n) && s.state() != ObjectState.STARTED))
        .toList();
  }

  private void planResume() {
    Optional<SuspensionLedger.Entry> record = ledger.peek(request.scope().key());
    List<String> siteNames;
    if (record.isPresent()) {
      siteNames = record.get().sites();
    } else {
      siteNames =
          sitesInScope().stream()
              .map(this::requireSite)
              .filter(s -> s.state() == ObjectState.STOPPED && s.serverAutoStart())
              .map(Site::name)
              .toList();
      warnings.add(
          "no suspend of "
              + request.scope().display()
              + " is on record; starting its stopped sites that are set to auto-start");
      sitesInScope().stream()
          .map(this::requireSite)
          .filter(s -> s.state() == ObjectState.STOPPED && !s.serverAutoStart())
          .forEach(
              s ->
                  warnings.add(
                      "site "
                          + s.name()
                          + " stays stopped: serverAutoStart is off and no suspend of it is on record"));
    }
    addRestoreAutoStart(record, List.of(), siteNames);
    addStartSites(siteNames);
  }

  private void addRestoreAutoStart(
      Optional<SuspensionLedger.Entry> record, List<String> poolScope, List<String> siteScope) {
    List<String> poolNames =
        record.map(SuspensionLedger.Entry::poolsAutoStartCleared).orElse(List.of());
    List<String> siteNames =
        record.map(SuspensionLedger.Entry::sitesAutoStartCleared).orElse(List.of());
    if (options.persist()) {
      poolNames = Stream.concat(poolNames.stream(), poolScope.stream()).distinct().toList();
      siteNames = Stream.concat(siteNames.stream(), siteScope.stream()).distinct().toList();
    }
    if (poolNames.isEmpty() && siteNames.isEmpty()) {
      return;
    }
    List<String> p = poolNames;
    List<String> s = siteNames;
    add(
        "restore auto-start",
        "turn autoStart/serverAutoStart back on for "
            + String.join(
                ", ",
                Stream.concat(p.stream().map(x -> "pool " + x), s.stream().map(x -> "site " + x))
                    .toList()),
        run -> SiteSteps.restoreAutoStart(run, p, s));
  }

  private void addStartSites(List<String> siteNames) {
    if (siteNames.isEmpty()) {
      return;
    }
    sites.addAll(siteNames);
    add(
        "start sites",
        "start " + names("site", siteNames),
        run -> SiteSteps.startSites(run, siteNames));
  }

  private void addStartPools(List<String> poolNames) {
    pools.addAll(poolNames);
    add(
        "start app pools",
        "start " + names("pool", poolNames),
        run -> PoolSteps.startPools(run, poolNames));
  }

  private void addRapidFailWatch(List<String> poolNames) {
    add(
        "watch for rapid-fail",
        "watch "
            + names("pool", poolNames)
            + " for "
            + Durations.format(settings.rapidFailWatch())
            + " (WAS 5002)",
        run -> PoolSteps.watchRapidFail(run, poolNames));
    worstCase = worstCase.plus(settings.rapidFailWatch());
  }

  // ---- warm-up -------------------------------------------------------------------------------

  /** Last: the sites in scope that run by then answer their warm-up URL on this host. */
  private void addWarmup(Warmup warmup) {
    List<String> candidates = sitesInScope();
    if (candidates.isEmpty()) {
      return;
    }
    List<String> rules = new ArrayList<>();
    Duration longest = Duration.ZERO;
    for (String site : candidates) {
      WarmupRule r = warmup.ruleFor(site);
      if (r.within().compareTo(longest) > 0) {
        longest = r.within();
      }
      if (warmup.rules().contains(r)) {
        rules.add(
            site
                + ": GET "
                + (r.url() != null ? r.url().toString() : r.path())
                + " → "
                + r.expectation()
                + " within "
                + Durations.format(r.within()));
      }
    }
    Step step =
        new Step(
            "warm up",
            "request each started site on this host until it answers (first http binding, GET /,"
                + " a status below 500 within "
                + Durations.format(warmup.within())
                + (rules.isEmpty() ? "" : "; " + String.join("; ", rules))
                + "); a site that does not answer fails the operation",
            run -> WarmupSteps.warmUp(run, warmup, candidates));
    // Before the rapid-fail watch: IIS starts a worker on the first request, so the warm-up is
    // what gives a crashing application the chance to show itself while the watch looks.
    int watch = -1;
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i).name().equals(RAPID_FAIL_STEP)) {
        watch = i;
      }
    }
    steps.add(watch < 0 ? steps.size() : watch, step);
    worstCase = worstCase.plus(longest);
  }

  // ---- recycle -------------------------------------------------------------------------------

  private void planRecycle() {
    AppPool pool = requirePool(((Scope.Pool) request.scope()).name());
    pools.add(pool.name());
    if (pool.disallowOverlappingRotation()) {
      warnings.add(
          "pool "
              + pool.name()
              + " disallows overlapping rotation: the old worker exits before the new one starts, so"
              + " requests wait or fail in the gap; behind a load balancer the host is taken out of"
              + " rotation first");
    }
    if (pool.state() != ObjectState.STARTED) {
      warnings.add(
          "pool "
              + pool.name()
              + " is "
              + pool.state().display()
              + "; only a started pool can be recycled");
    }
    String name = pool.name();
    add(
        "recycle pool",
        "ask WAS to recycle "
            + name
            + (pool.disallowOverlappingRotation()
                ? ""
                : " (overlapped: a new worker starts before the old one leaves)"),
        run -> PoolSteps.recycle(run, name));
    add(
        "wait for new workers",
        "wait up to "
            + Durations.format(pool.shutdownTimeLimit().plus(settings.workerExitGrace()))
            + " for the old workers to exit and a new one to run",
        run -> PoolSteps.awaitRotation(run, name));
    worstCase = worstCase.plus(pool.shutdownTimeLimit()).plus(settings.workerExitGrace());
    addRapidFailWatch(List.of(name));
  }
}
