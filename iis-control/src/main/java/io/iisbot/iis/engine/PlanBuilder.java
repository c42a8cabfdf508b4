package io.iisbot.iis.engine;

import io.iisbot.iis.ActiveRequest;
import io.iisbot.iis.AppPool;
import io.iisbot.iis.HostSnapshot;
import io.iisbot.iis.ObjectState;
import io.iisbot.iis.ServiceState;
import io.iisbot.iis.Site;
import io.iisbot.iis.WorkerProcess;
import io.iisbot.iis.engine.Plan.PlannedStep;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a plan collects while it is built (steps, the sites, pools and services it touches,
 * warnings, the worst-case duration), the snapshot's scope lookups, and the preview made from it.
 */
abstract class PlanBuilder {

  final OperationRequest request;
  final HostSnapshot snap;
  final SuspensionLedger ledger;
  final Options options;
  final List<Step> steps = new ArrayList<>();
  final Set<String> sites = new LinkedHashSet<>();
  final Set<String> pools = new LinkedHashSet<>();
  final Set<String> services = new LinkedHashSet<>();
  final List<String> warnings = new ArrayList<>();
  Duration worstCase = Duration.ZERO;
  final EngineSettings settings;

  void resolveScope() {
    Scope scope = request.scope();
    if (scope instanceof Scope.Site s) {
      requireSite(s.name());
    } else if (scope instanceof Scope.Pool p) {
      requirePool(p.name());
    }
  }

  // ---- scope helpers -------------------------------------------------------------------------

  List<String> sitesInScope() {
    Scope scope = request.scope();
    if (scope instanceof Scope.Site s) {
      return List.of(requireSite(s.name()).name());
    }
    if (scope instanceof Scope.Pool p) {
      String pool = requirePool(p.name()).name();
      return snap.sites().stream()
          .filter(s -> !s.pools().isEmpty() && s.pools().get(0).equalsIgnoreCase(pool))
          .map(Site::name)
          .toList();
    }
    return snap.sites().stream().map(Site::name).toList();
  }

  List<String> startedSitesInScope() {
    return sitesInScope().stream()
        .filter(n -> requireSite(n).state() == ObjectState.STARTED)
        .toList();
  }

  List<String> poolsInScope() {
    Scope scope = request.scope();
    if (scope instanceof Scope.Pool p) {
      return List.of(requirePool(p.name()).name());
    }
    return snap.pools().stream().map(AppPool::name).toList();
  }

  List<String> poolsOfSites(List<String> siteNames) {
    return siteNames.stream()
        .map(this::requireSite)
        .flatMap(s -> s.pools().stream().limit(1))
        .distinct()
        .toList();
  }

  boolean poolRunning(String name) {
    ObjectState s = requirePool(name).state();
    return s == ObjectState.STARTED || s == ObjectState.STARTING || s == ObjectState.STOPPING;
  }

  boolean serviceStopped(String name) {
    return snap.service(name).map(s -> s.state() == ServiceState.STOPPED).orElse(true);
  }

  boolean serviceRunning(String name) {
    return snap.service(name).map(s -> s.state() == ServiceState.RUNNING).orElse(false);
  }

  Duration longestShutdownLimit(List<String> poolNames) {
    return poolNames.stream()
        .map(n -> requirePool(n).shutdownTimeLimit())
        .max(Comparator.naturalOrder())
        .orElse(Duration.ZERO);
  }

  List<ActiveRequest> requestsOn(List<String> siteNames) {
    Set<String> keys = HostReads.keys(siteNames);
    return snap.requests().requests().stream()
        .filter(r -> keys.contains(HostReads.key(r.site())))
        .toList();
  }

  Site requireSite(String name) {
    return snap.site(name)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no site \""
                        + name
                        + "\" on "
                        + snap.host()
                        + "; its sites are: "
                        + snap.sites().stream().map(Site::name).collect(Collectors.joining(", "))));
  }

  AppPool requirePool(String name) {
    return snap.pool(name)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no app pool \""
                        + name
                        + "\" on "
                        + snap.host()
                        + "; its pools are: "
                        + snap.pools().stream()
                            .map(AppPool::name)
                            .collect(Collectors.joining(", "))));
  }

  static boolean containsIgnoreCase(List<String> list, String name) {
    return list.stream().anyMatch(x -> x.equalsIgnoreCase(name));
  }

  static String names(String noun, List<String> names) {
    return HostReads.count(names.size(), noun) + " (" + String.join(", ", names) + ")";
  }

  void add(String name, String description, Step.Body body) {
    steps.add(new Step(name, description, body));
  }

  Plan preview() {
    List<String> poolList = List.copyOf(pools);
    Set<String> poolKeys = HostReads.keys(poolList);
    Set<String> siteKeys = HostReads.keys(List.copyOf(sites));
    List<ActiveRequest> active =
        snap.requests().requests().stream()
            .filter(
                r ->
                    siteKeys.contains(HostReads.key(r.site()))
                        || poolKeys.contains(HostReads.key(r.pool())))
            .toList();
    int activeCount =
        snap.requests().isDetailed()
            ? active.size()
            : snap.requests().activeByPool().entrySet().stream()
                .filter(e -> poolKeys.contains(HostReads.key(e.getKey())))
                .mapToInt(java.util.Map.Entry::getValue)
                .sum();
    boolean stopsPools =
        request.action() == Action.STOP
            || request.action() == Action.RESET
            || request.action() == Action.RECYCLE;
    List<WorkerProcess> atRisk =
        stopsPools
            ? snap.workers().stream()
                .filter(w -> poolKeys.contains(HostReads.key(w.pool())))
                .toList()
            : List.of();
    if (request.action() == Action.STOP && !options.force() && !atRisk.isEmpty()) {
      warnings.add(
          "workers that outlive shutdownTimeLimit are reported, not killed; add --force to kill them");
    }
    List<ActiveRequest> longest =
        active.stream()
            .sorted(Comparator.comparing(ActiveRequest::elapsed).reversed())
            .limit(5)
            .toList();
    return new Plan(
        snap.host(),
        request,
        steps.stream().map(s -> new PlannedStep(s.name(), s.description())).toList(),
        List.copyOf(sites),
        poolList,
        List.copyOf(services),
        activeCount,
        longest,
        snap.requests().source(),
        atRisk,
        warnings,
        worstCase,
        interruptsService());
  }

  /**
   * Whether clients of this host notice the operation: stops and suspends refuse requests, a reset
   * does both, and a recycle without overlap leaves a gap. An overlapped recycle, a start and a
   * resume keep serving.
   */
  private boolean interruptsService() {
    return switch (request.action()) {
      case STOP, SUSPEND, RESET -> true;
      case START, RESUME -> false;
      case RECYCLE ->
          pools.stream()
              .map(snap::pool)
              .flatMap(java.util.Optional::stream)
              .anyMatch(AppPool::disallowOverlappingRotation);
    };
  }

  PlanBuilder(
      OperationRequest request,
      HostSnapshot snap,
      SuspensionLedger ledger,
      EngineSettings settings) {
    this.request = request;
    this.snap = snap;
    this.ledger = ledger;
    this.options = request.options();
    this.settings = settings;
  }
}
