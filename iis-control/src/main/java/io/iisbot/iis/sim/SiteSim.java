package io.iisbot.iis.sim;

import io.iisbot.iis.IisException;
import io.iisbot.iis.ObjectState;
import io.iisbot.iis.ServiceState;
import io.iisbot.iis.Site;
import io.iisbot.iis.sim.Scenario.Faults;
import io.iisbot.iis.sim.Scenario.LoadSpec;
import io.iisbot.iis.sim.Scenario.RequestSpec;
import io.iisbot.iis.sim.Scenario.SiteSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * W3SVC's side of IIS: sites, their bindings listening or not, and the clients that send them
 * requests. A listening site hands each request to {@link WasSim}; a stopped one refuses it, and
 * its steady load stops arriving until it starts again.
 */
final class SiteSim {

  private static final int E_ALREADY_RUNNING = 0x80070420;
  private static final int E_NOT_ACTIVE = 0x80070426;

  private static final class SimSite {
    final String name;
    final long id;
    final List<String> bindings;
    final String pool;
    final LoadSpec load;
    final boolean denied;
    ObjectState state;
    boolean serverAutoStart;
    int loadIndex;
    long loadGeneration;
    final Duration warmup;
    final Map<String, String> redirects;

    /** When the site last started; the start of the simulation for a site already running. */
    Instant upSince = Instant.EPOCH;

    /** The loopback port its HTTP is served on, or 0 while the host serves no HTTP. */
    int port;

    SimSite(SiteSpec s, long id, Faults f) {
      name = s.name();
      this.id = id;
      bindings = s.bindings();
      pool = s.pool();
      load = s.load();
      denied = Faults.contains(f.accessDenied(), "site:" + name);
      state = s.state();
      serverAutoStart = s.serverAutoStart();
      warmup = s.warmup();
      redirects = s.redirects();
    }
  }

  /** What the site's HTTP answers: a status and, for a redirect, where to. */
  record HttpAnswer(int status, String location) {}

  private final Timeline timeline;
  private final WasSim was;
  private final Map<String, SimSite> sites = new LinkedHashMap<>();
  private boolean w3svcRunning;
  private long requestCounter;
  private long refused;

  SiteSim(Timeline timeline, WasSim was, Scenario scenario, boolean w3svcRunning) {
    this.timeline = timeline;
    this.was = was;
    this.w3svcRunning = w3svcRunning;
    long nextId = 1;
    for (SiteSpec s : scenario.sites()) {
      long id = s.id() != null ? s.id() : nextId;
      nextId = Math.max(nextId, id) + 1;
      sites.put(key(s.name()), new SimSite(s, id, scenario.faults()));
    }
    for (SimSite site : sites.values()) {
      SiteSpec spec = scenario.site(site.name);
      if (accepting(site) && site.load != null) {
        prefill(site);
      }
      for (RequestSpec r : spec.requests()) {
        timeline.after(
            r.at(), () -> arrive(site, r.url(), r.verb(), r.endless() ? null : r.duration()));
      }
      if (Faults.contains(scenario.faults().endlessRequest(), site.name)) {
        timeline.after(Duration.ZERO, () -> arrive(site, "/events/stream", "GET", null));
      }
      startLoad(site);
    }
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  /** What W3SVC does when the SCM moves it. */
  void onService(String service, ServiceState state) {
    if (!service.equalsIgnoreCase(ScmSim.W3SVC)) {
      return;
    }
    switch (state) {
      case RUNNING -> {
        w3svcRunning = true;
        for (SimSite s : sites.values()) {
          s.state = s.serverAutoStart ? ObjectState.STARTED : ObjectState.STOPPED;
          s.upSince = timeline.now();
          startLoad(s);
        }
      }
      case STOP_PENDING -> {
        // Stops listening at once, then waits for the HTTP workers to shut down.
        w3svcRunning = false;
        sites.values().forEach(s -> s.loadGeneration++);
        was.shutDownAllWorkers();
      }
      case STOPPED -> w3svcRunning = false;
      default -> {}
    }
  }

  List<Site> sites() {
    return sites.values().stream()
        .map(
            s ->
                new Site(
                    s.name,
                    s.id,
                    w3svcRunning ? s.state : ObjectState.UNKNOWN,
                    served(s),
                    List.of(was.poolName(s.pool)),
                    s.serverAutoStart))
        .toList();
  }

  /**
   * The site's bindings with its served port in place of the first http binding's (or, for a site
   * with only https bindings, an http binding added on loopback), so a warm-up can find it.
   */
  private static List<String> served(SimSite s) {
    if (s.port == 0) {
      return s.bindings;
    }
    List<String> out = new java.util.ArrayList<>(s.bindings);
    for (int i = 0; i < out.size(); i++) {
      String b = out.get(i);
      if (b.regionMatches(true, 0, "http/", 0, 5)) {
        int last = b.lastIndexOf(':');
        int colon = b.lastIndexOf(':', last - 1);
        if (colon > 5) {
          out.set(i, b.substring(0, colon + 1) + s.port + b.substring(last));
          return out;
        }
      }
    }
    String first = s.bindings.isEmpty() ? "" : s.bindings.get(0);
    String header = first.isEmpty() ? "" : first.substring(first.lastIndexOf(':') + 1);
    out.add("http/127.0.0.1:" + s.port + ":" + header);
    return out;
  }

  List<String> names() {
    return sites.values().stream().map(s -> s.name).toList();
  }

  void servePort(String site, int port) {
    sites.get(key(site)).port = port;
  }

  /**
   * What a GET of {@code path} on the site answers now: 503 while W3SVC, the site or its pool is
   * down or still warming up, a configured redirect, else 200. Not part of the simulated load: it
   * is neither served nor refused in the counts.
   */
  HttpAnswer answer(String site, String path) {
    SimSite s = sites.get(key(site));
    Instant poolReady = was.readySince(s.pool);
    Instant now = timeline.now();
    if (!accepting(s) || poolReady == null || s.upSince.plus(s.warmup).isAfter(now)) {
      return new HttpAnswer(503, null);
    }
    String location = s.redirects.get(path);
    return location != null ? new HttpAnswer(302, location) : new HttpAnswer(200, null);
  }

  /** Scripted requests that arrived while their site was not listening. */
  long refused() {
    return refused;
  }

  void startSite(String name) {
    SimSite s = site(name, "start site");
    requireW3svc("start site", name);
    if (s.state == ObjectState.STARTED) {
      throw new IisException(
          "start site", s.name, E_ALREADY_RUNNING, "the site is already started");
    }
    s.state = ObjectState.STARTED;
    s.upSince = timeline.now();
    startLoad(s);
  }

  void stopSite(String name) {
    SimSite s = site(name, "stop site");
    requireW3svc("stop site", name);
    if (s.state != ObjectState.STARTED) {
      throw new IisException("stop site", s.name, E_NOT_ACTIVE, "the site is already stopped");
    }
    s.state = ObjectState.STOPPED;
    s.loadGeneration++;
  }

  void setSiteAutoStart(String name, boolean serverAutoStart) {
    site(name, "set serverAutoStart of site").serverAutoStart = serverAutoStart;
  }

  private SimSite site(String name, String operation) {
    SimSite s = sites.get(key(name));
    if (s == null) {
      throw IisException.notFound(operation, name, "no site with that name on this host");
    }
    if (s.denied) {
      throw IisException.accessDenied(operation, s.name);
    }
    return s;
  }

  private void requireW3svc(String operation, String target) {
    if (!w3svcRunning) {
      throw new IisException(operation, target, E_NOT_ACTIVE, "W3SVC is not running");
    }
  }

  private boolean accepting(SimSite s) {
    return w3svcRunning && s.state == ObjectState.STARTED;
  }

  private void startLoad(SimSite s) {
    long generation = ++s.loadGeneration;
    if (s.load == null || !accepting(s)) {
      return;
    }
    timeline.after(s.load.interval(), () -> nextArrival(s, generation));
  }

  private void nextArrival(SimSite s, long generation) {
    if (s.loadGeneration != generation || !accepting(s)) {
      return;
    }
    int i = s.loadIndex++;
    arrive(
        s,
        s.load.urls().get(i % s.load.urls().size()),
        s.load.verb(),
        s.load.durations().get(i % s.load.durations().size()));
    timeline.after(s.load.interval(), () -> nextArrival(s, generation));
  }

  /** The requests a steady load has in flight at the start, as if it had been running a while. */
  private void prefill(SimSite s) {
    LoadSpec load = s.load;
    long interval = load.interval().toNanos();
    long count = load.longest().toNanos() / interval;
    Instant now = timeline.now();
    for (long k = count; k >= 1; k--) {
      int i = s.loadIndex++;
      Duration d = load.durations().get(i % load.durations().size());
      Instant arrived = now.minusNanos(k * interval);
      if (arrived.plus(d).isAfter(now)) {
        was.admit(request(s, load.urls().get(i % load.urls().size()), load.verb(), arrived, d));
      }
    }
  }

  private void arrive(SimSite s, String url, String verb, Duration duration) {
    if (!accepting(s)) {
      refused++;
      return;
    }
    was.admit(request(s, url, verb, timeline.now(), duration));
  }

  private WasSim.Req request(
      SimSite s, String url, String verb, Instant arrived, Duration duration) {
    String id = String.format("%016x", 0xfb00000080000000L + requestCounter++);
    return new WasSim.Req(id, s.name, s.pool, url, verb, arrived, duration);
  }
}
