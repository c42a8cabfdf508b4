package io.iisbot.iis.sim;

import io.iisbot.iis.Durations;
import io.iisbot.iis.ObjectState;
import io.iisbot.iis.ServiceState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A simulated host described in a few lines: services, pools, sites, their load and the faults to
 * inject. Every field but the names has a default that matches a fresh IIS 10 install. Read from
 * YAML or JSON by {@link Scenarios}; validated on construction with the path of every bad value.
 */
public record Scenario(
    String host,
    String description,
    List<ServiceSpec> services,
    List<PoolSpec> pools,
    List<SiteSpec> sites,
    Faults faults) {

  public Scenario {
    host = host == null || host.isBlank() ? "web01" : host;
    description = description == null ? "" : description;
    services = services == null ? List.of() : List.copyOf(services);
    pools = pools == null ? List.of() : List.copyOf(pools);
    sites = sites == null ? List.of() : List.copyOf(sites);
    faults = faults == null ? Faults.NONE : faults;
    List<String> problems = new ArrayList<>();
    Set<String> poolNames = new HashSet<>();
    for (int i = 0; i < pools.size(); i++) {
      if (!poolNames.add(pools.get(i).name().toLowerCase(Locale.ROOT))) {
        problems.add("pools[" + i + "].name: \"" + pools.get(i).name() + "\" is used twice");
      }
    }
    Set<String> siteNames = new HashSet<>();
    Set<Long> siteIds = new HashSet<>();
    for (int i = 0; i < sites.size(); i++) {
      SiteSpec s = sites.get(i);
      if (!siteNames.add(s.name().toLowerCase(Locale.ROOT))) {
        problems.add("sites[" + i + "].name: \"" + s.name() + "\" is used twice");
      }
      if (s.id() != null && !siteIds.add(s.id())) {
        problems.add("sites[" + i + "].id: " + s.id() + " is used twice");
      }
      if (!poolNames.contains(s.pool().toLowerCase(Locale.ROOT))) {
        problems.add("sites[" + i + "].pool: no pool named \"" + s.pool() + "\"");
      }
    }
    checkNames(problems, "faults.orphanWorker", faults.orphanWorker(), poolNames);
    checkNames(problems, "faults.rapidFail", faults.rapidFail(), poolNames);
    checkNames(problems, "faults.endlessRequest", faults.endlessRequest(), siteNames);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid scenario: " + String.join("; ", problems));
    }
  }

  private static void checkNames(
      List<String> problems, String path, List<String> names, Set<String> known) {
    for (int i = 0; i < names.size(); i++) {
      if (!known.contains(names.get(i).toLowerCase(Locale.ROOT))) {
        problems.add(path + "[" + i + "]: no such name \"" + names.get(i) + "\"");
      }
    }
  }

  /**
   * A service, or changes to one of the standard ones (HTTP, WAS, W3SVC); null fields keep the
   * standard values.
   *
   * @param group services with the same group share one svchost process (W3SVC and WAS: {@code
   *     iissvcs}); null means a process of its own
   */
  public record ServiceSpec(
      String name,
      String displayName,
      ServiceState state,
      List<String> dependsOn,
      Boolean acceptsPause,
      String group,
      Duration startDelay,
      Duration stopDelay,
      Duration waitHint) {

    public ServiceSpec {
      requireName(name, "name");
      dependsOn = dependsOn == null ? null : List.copyOf(dependsOn);
    }
  }

  /**
   * An app pool.
   *
   * @param workers how many worker processes run at the start (default 1 when started)
   * @param alwaysRunning {@code startMode=AlwaysRunning}: a worker starts with the pool instead of
   *     on the first request
   * @param idleTimeout a worker idle this long shuts down (event 5186); zero disables
   * @param warmup how long after the pool starts its sites still answer 503 (an application loading
   *     its caches); default zero
   */
  public record PoolSpec(
      String name,
      ObjectState state,
      Boolean autoStart,
      Duration shutdownTimeLimit,
      Boolean disallowOverlappingRotation,
      Duration idleTimeout,
      Boolean alwaysRunning,
      Integer workers,
      Integer workingSetMb,
      Duration warmup) {

    public PoolSpec {
      warmup = notNegative(warmup, "warmup");
      requireName(name, "name");
      state = state == null ? ObjectState.STARTED : state;
      if (state != ObjectState.STARTED && state != ObjectState.STOPPED) {
        throw new IllegalArgumentException(
            "state: must be Started or Stopped, was " + state.display());
      }
      autoStart = autoStart == null || autoStart;
      shutdownTimeLimit = positive(shutdownTimeLimit, Duration.ofSeconds(90), "shutdownTimeLimit");
      disallowOverlappingRotation =
          disallowOverlappingRotation != null && disallowOverlappingRotation;
      idleTimeout = idleTimeout == null ? Duration.ofMinutes(20) : idleTimeout;
      alwaysRunning = alwaysRunning != null && alwaysRunning;
      workers = workers == null ? (state == ObjectState.STARTED ? 1 : 0) : workers;
      if (workers < 0 || workers > 8 || (state == ObjectState.STOPPED && workers > 0)) {
        throw new IllegalArgumentException(
            "workers: 0 to 8, and 0 for a stopped pool, was " + workers);
      }
      workingSetMb = workingSetMb == null ? 120 : workingSetMb;
    }
  }

  /**
   * A site and the load its clients put on it.
   *
   * @param requests single requests at given offsets from the start (e.g. a long report)
   * @param warmup how long after the site starts it still answers 503; default zero
   * @param redirects paths the site's HTTP answers with 302 and this {@code Location}
   */
  public record SiteSpec(
      String name,
      Long id,
      String pool,
      List<String> bindings,
      ObjectState state,
      Boolean serverAutoStart,
      LoadSpec load,
      List<RequestSpec> requests,
      Duration warmup,
      java.util.Map<String, String> redirects) {

    public SiteSpec {
      warmup = notNegative(warmup, "warmup");
      redirects = redirects == null ? java.util.Map.of() : java.util.Map.copyOf(redirects);
      requireName(name, "name");
      pool = pool == null ? "DefaultAppPool" : pool;
      bindings = bindings == null ? List.of("http/*:80:") : List.copyOf(bindings);
      state = state == null ? ObjectState.STARTED : state;
      if (state != ObjectState.STARTED && state != ObjectState.STOPPED) {
        throw new IllegalArgumentException(
            "state: must be Started or Stopped, was " + state.display());
      }
      serverAutoStart = serverAutoStart == null || serverAutoStart;
      requests = requests == null ? List.of() : List.copyOf(requests);
    }
  }

  /**
   * A steady stream of requests: {@code perSecond} arrivals, their durations and urls taken in turn
   * from the lists, so the load is the same on every run.
   */
  public record LoadSpec(
      double perSecond, List<Duration> durations, List<String> urls, String verb) {

    public LoadSpec {
      if (!(perSecond > 0 && perSecond <= 1000)) {
        throw new IllegalArgumentException("perSecond: 0 < n <= 1000, was " + perSecond);
      }
      durations =
          durations == null || durations.isEmpty()
              ? List.of(Duration.ofMillis(200))
              : List.copyOf(durations);
      for (Duration d : durations) {
        if (d.isNegative() || d.isZero()) {
          throw new IllegalArgumentException("durations: must be positive, was " + d);
        }
      }
      urls = urls == null || urls.isEmpty() ? List.of("/") : List.copyOf(urls);
      verb = verb == null ? "GET" : verb;
    }

    Duration interval() {
      return Duration.ofNanos(Math.round(1_000_000_000L / perSecond));
    }

    Duration longest() {
      return durations.stream().max(Duration::compareTo).orElseThrow();
    }
  }

  /** One request: arrives {@code at} after the start and takes {@code duration}, or never ends. */
  public record RequestSpec(
      Duration at, Duration duration, Boolean endless, String url, String verb) {

    public RequestSpec {
      at = at == null ? Duration.ZERO : at;
      endless = endless != null && endless;
      if (!endless && (duration == null || duration.isNegative() || duration.isZero())) {
        throw new IllegalArgumentException("duration: needed and positive unless endless");
      }
      url = url == null ? "/" : url;
      verb = verb == null ? "GET" : verb;
    }
  }

  /**
   * Faults to inject.
   *
   * @param accessDenied targets whose control fails with error 5: a service name, {@code pool:NAME}
   *     or {@code site:NAME}
   * @param stuckStopPending services that hang in STOP_PENDING when stopped
   * @param orphanWorker pools whose worker outlives a stop (WAS loses track of it)
   * @param endlessRequest sites with a request that never finishes, so a drain never completes
   * @param rapidFail pools whose workers crash after a start until rapid-fail protection (5002)
   *     stops the pool
   * @param flakyReads the first read after each change fails with 0x800710D8, as IIS's state reads
   *     sometimes do right after a change
   */
  public record Faults(
      List<String> accessDenied,
      List<String> stuckStopPending,
      List<String> orphanWorker,
      List<String> endlessRequest,
      List<String> rapidFail,
      boolean flakyReads) {

    public static final Faults NONE = new Faults(null, null, null, null, null, false);

    public Faults {
      accessDenied = copy(accessDenied);
      stuckStopPending = copy(stuckStopPending);
      orphanWorker = copy(orphanWorker);
      endlessRequest = copy(endlessRequest);
      rapidFail = copy(rapidFail);
    }

    private static List<String> copy(List<String> l) {
      return l == null ? List.of() : List.copyOf(l);
    }

    static boolean contains(List<String> names, String name) {
      return names.stream().anyMatch(n -> n.equalsIgnoreCase(name));
    }
  }

  private static void requireName(String name, String path) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException(path + ": a name is needed");
    }
  }

  private static Duration notNegative(Duration d, String field) {
    if (d == null) {
      return Duration.ZERO;
    }
    if (d.isNegative() || d.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException(field + ": 0 to 1h, was " + Durations.format(d));
    }
    return d;
  }

  private static Duration positive(Duration d, Duration dflt, String field) {
    if (d == null) {
      return dflt;
    }
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(field + ": must be positive, was " + d);
    }
    return d;
  }

  /** The site spec by name, case-insensitively. */
  public SiteSpec site(String name) {
    return sites.stream()
        .filter(s -> s.name().equalsIgnoreCase(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no site " + name));
  }

  @Override
  public String toString() {
    return "Scenario[" + host + ": " + pools.size() + " pools, " + sites.size() + " sites]";
  }

  static <T> T orDefault(T value, T dflt) {
    return value != null ? value : dflt;
  }
}
