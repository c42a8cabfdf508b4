package io.iisbot.iis.sim;

import io.iisbot.iis.ActiveRequest;
import io.iisbot.iis.AppPool;
import io.iisbot.iis.IisException;
import io.iisbot.iis.ObjectState;
import io.iisbot.iis.Site;
import io.iisbot.iis.WorkerProcess;
import io.iisbot.iis.sim.Scenario.Faults;
import io.iisbot.iis.sim.Scenario.LoadSpec;
import io.iisbot.iis.sim.Scenario.PoolSpec;
import io.iisbot.iis.sim.Scenario.RequestSpec;
import io.iisbot.iis.sim.Scenario.SiteSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * WAS and W3SVC's side of IIS: app pools and their worker processes, sites and the requests their
 * clients send. Workers finish their requests when asked to shut down and are killed after the
 * pool's shutdownTimeLimit (5013); recycles overlap unless disallowed; idle workers leave (5186).
 */
final class WasSim {

  /** How long a worker process takes to exit once it has nothing left to do. */
  static final Duration EXIT_DELAY = Duration.ofMillis(500);

  /** Rapid-fail protection's default: 5 failures (within 5 minutes) disable the pool. */
  static final int RAPID_FAIL_CRASHES = 5;

  private static final String HRESULT_NOT_ACTIVE_HINT = "WAS is not running";
  private static final int E_ALREADY_RUNNING = 0x80070420;
  private static final int E_NOT_ACTIVE = 0x80070426;

  /** Why a request ended without an answer; the simulation's ground truth for tests. */
  record Cut(ActiveRequest request, Instant at, String reason) {}

  private enum Why {
    STOP,
    RECYCLE,
    IDLE
  }

  private final class Pool {
    final String name;
    final Duration shutdownTimeLimit;
    final boolean disallowOverlap;
    final Duration idleTimeout;
    final boolean alwaysRunning;
    final long workingSetBytes;
    final boolean orphanFault;
    final boolean rapidFailFault;
    final boolean denied;
    ObjectState state;
    boolean autoStart;
    final List<Worker> workers = new ArrayList<>();
    final List<Req> waiting = new ArrayList<>();
    boolean rotationPending;
    long generation;

    Pool(PoolSpec s, Faults f) {
      name = s.name();
      shutdownTimeLimit = s.shutdownTimeLimit();
      disallowOverlap = s.disallowOverlappingRotation();
      idleTimeout = s.idleTimeout();
      alwaysRunning = s.alwaysRunning();
      workingSetBytes = s.workingSetMb() * 1024L * 1024L;
      orphanFault = Faults.contains(f.orphanWorker(), name);
      rapidFailFault = Faults.contains(f.rapidFail(), name);
      denied = Faults.contains(f.accessDenied(), "pool:" + name);
      state = s.state();
      autoStart = s.autoStart();
    }
  }

  private final class Worker {
    final int pid;
    final Pool pool;
    final Set<Req> requests = new LinkedHashSet<>();
    boolean accepting = true;
    boolean shuttingDown;
    boolean orphan;
    boolean alive = true;
    long idleToken;

    Worker(int pid, Pool pool) {
      this.pid = pid;
      this.pool = pool;
    }
  }

  private final class SiteS {
    final String name;
    final long id;
    final List<String> bindings;
    final Pool pool;
    final LoadSpec load;
    final boolean denied;
    ObjectState state;
    boolean serverAutoStart;
    int loadIndex;
    long loadGeneration;

    SiteS(SiteSpec s, long id, Pool pool, Faults f) {
      name = s.name();
      this.id = id;
      bindings = s.bindings();
      this.pool = pool;
      load = s.load();
      denied = Faults.contains(f.accessDenied(), "site:" + name);
      state = s.state();
      serverAutoStart = s.serverAutoStart();
    }
  }

  private static final class Req {
    final String id;
    final SiteS site;
    final String url;
    final String verb;
    final Instant arrived;
    final Duration duration;
    Worker worker;

    Req(String id, SiteS site, String url, String verb, Instant arrived, Duration duration) {
      this.id = id;
      this.site = site;
      this.url = url;
      this.verb = verb;
      this.arrived = arrived;
      this.duration = duration;
    }
  }

  private final Timeline timeline;
  private final SimEventLog events;
  private final PidAllocator pids;
  private final Map<String, Pool> pools = new LinkedHashMap<>();
  private final Map<String, SiteS> sites = new LinkedHashMap<>();
  private final List<Worker> processes = new ArrayList<>();
  private final List<Cut> cuts = new ArrayList<>();
  private boolean wasRunning;
  private boolean w3svcRunning;
  private long requestCounter;
  private long served;
  private long refused;

  WasSim(
      Timeline timeline,
      SimEventLog events,
      PidAllocator pids,
      Scenario scenario,
      boolean wasRunning,
      boolean w3svcRunning) {
    this.timeline = timeline;
    this.events = events;
    this.pids = pids;
    this.wasRunning = wasRunning;
    this.w3svcRunning = w3svcRunning;
    for (PoolSpec p : scenario.pools()) {
      Pool pool = new Pool(p, scenario.faults());
      pools.put(key(p.name()), pool);
      if (wasRunning && pool.state == ObjectState.STARTED) {
        for (int i = 0; i < p.workers(); i++) {
          spawn(pool);
        }
      }
    }
    long nextId = 1;
    for (SiteSpec s : scenario.sites()) {
      long id = s.id() != null ? s.id() : nextId;
      nextId = Math.max(nextId, id) + 1;
      SiteS site = new SiteS(s, id, pools.get(key(s.pool())), scenario.faults());
      sites.put(key(s.name()), site);
    }
    for (SiteS site : sites.values()) {
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

  // ---- service transitions -------------------------------------------------------------------

  /** What WAS and W3SVC do when the SCM moves them. */
  void onService(String service, io.iisbot.iis.ServiceState state) {
    boolean w3svc = service.equalsIgnoreCase(ScmSim.W3SVC);
    boolean wasSvc = service.equalsIgnoreCase(ScmSim.WAS);
    switch (state) {
      case RUNNING -> {
        if (wasSvc) {
          wasStarted();
        } else if (w3svc) {
          w3svcStarted();
        }
      }
      case STOP_PENDING -> {
        if (w3svc) {
          w3svcStopping();
        } else if (wasSvc) {
          wasStopping();
        }
      }
      case STOPPED -> {
        if (wasSvc) {
          wasStopped();
        } else if (w3svc) {
          w3svcStopped();
        }
      }
      default -> {}
    }
  }

  void wasStarted() {
    wasRunning = true;
    for (Pool p : pools.values()) {
      p.state = p.autoStart ? ObjectState.STARTED : ObjectState.STOPPED;
      if (p.state == ObjectState.STARTED) {
        poolCameUp(p);
      }
    }
  }

  /** WAS shuts every worker down before it reports STOPPED. */
  void wasStopping() {
    shutDownAllWorkers();
  }

  void wasStopped() {
    wasRunning = false;
    for (Pool p : pools.values()) {
      p.generation++;
      p.state = ObjectState.STOPPED;
      refuseWaiting(p);
    }
  }

  /** W3SVC stops listening at once, then waits for the HTTP workers to shut down. */
  void w3svcStopping() {
    w3svcRunning = false;
    sites.values().forEach(s -> s.loadGeneration++);
    shutDownAllWorkers();
  }

  void w3svcStopped() {
    w3svcRunning = false;
  }

  private void shutDownAllWorkers() {
    for (Pool p : pools.values()) {
      new ArrayList<>(p.workers).forEach(w -> shutdown(w, Why.STOP));
    }
  }

  /** W3SVC and WAS finish stopping once no worker they manage is alive (orphans are not theirs). */
  boolean stopComplete(String service) {
    if (!service.equalsIgnoreCase(ScmSim.W3SVC) && !service.equalsIgnoreCase(ScmSim.WAS)) {
      return true;
    }
    return processes.stream().allMatch(w -> w.orphan);
  }

  void w3svcStarted() {
    w3svcRunning = true;
    for (SiteS s : sites.values()) {
      s.state = s.serverAutoStart ? ObjectState.STARTED : ObjectState.STOPPED;
      startLoad(s);
    }
  }

  // ---- reads ---------------------------------------------------------------------------------

  List<AppPool> pools() {
    return pools.values().stream()
        .map(
            p ->
                new AppPool(
                    p.name,
                    wasRunning ? p.state : ObjectState.UNKNOWN,
                    p.autoStart,
                    p.shutdownTimeLimit,
                    p.disallowOverlap,
                    p.workers.stream().map(w -> w.pid).toList()))
        .toList();
  }

  List<Site> sites() {
    return sites.values().stream()
        .map(
            s ->
                new Site(
                    s.name,
                    s.id,
                    w3svcRunning ? s.state : ObjectState.UNKNOWN,
                    s.bindings,
                    List.of(s.pool.name),
                    s.serverAutoStart))
        .toList();
  }

  List<WorkerProcess> workers() {
    return processes.stream()
        .map(
            w ->
                new WorkerProcess(
                    w.pid, w.pool.name, w.pool.workingSetBytes + w.requests.size() * 65_536L))
        .toList();
  }

  List<ActiveRequest> requests() {
    List<ActiveRequest> out = new ArrayList<>();
    for (Worker w : processes) {
      w.requests.forEach(r -> out.add(view(r, w.pid)));
    }
    for (Pool p : pools.values()) {
      p.waiting.forEach(r -> out.add(view(r, 0)));
    }
    return out;
  }

  private ActiveRequest view(Req r, int pid) {
    return new ActiveRequest(
        r.id,
        r.site.pool.name,
        r.site.name,
        r.url,
        r.verb,
        Duration.between(r.arrived, timeline.now()),
        pid);
  }

  boolean isWorker(int pid) {
    return processes.stream().anyMatch(w -> w.pid == pid);
  }

  List<Cut> cuts() {
    return List.copyOf(cuts);
  }

  long served() {
    return served;
  }

  long refused() {
    return refused;
  }

  // ---- pools ---------------------------------------------------------------------------------

  void startPool(String name) {
    Pool p = pool(name, "start pool");
    requireWas("start pool", name);
    switch (p.state) {
      case STARTED ->
          throw new IisException(
              "start pool", p.name, E_ALREADY_RUNNING, "the pool is already started");
      case STOPPING ->
          throw new IisException(
              "start pool",
              p.name,
              IisException.HRESULT_CANNOT_ACCEPT_CTRL,
              "the pool is still stopping; retry");
      default -> {
        p.state = ObjectState.STARTED;
        poolCameUp(p);
      }
    }
  }

  private void poolCameUp(Pool p) {
    long generation = ++p.generation;
    if (p.alwaysRunning && p.workers.isEmpty()) {
      spawn(p);
    }
    if (p.rapidFailFault) {
      for (int i = 1; i <= RAPID_FAIL_CRASHES; i++) {
        timeline.after(
            Duration.ofSeconds(i),
            () -> {
              if (p.generation == generation && p.state == ObjectState.STARTED) {
                Worker w = p.workers.isEmpty() ? spawn(p) : p.workers.get(0);
                events.workerCrashed(p.name, w.pid);
                cutAll(w, "the worker crashed (exit code 0xc0000005)");
                exit(w);
              }
            });
      }
      timeline.after(
          Duration.ofSeconds(RAPID_FAIL_CRASHES),
          () -> {
            if (p.generation == generation && p.state == ObjectState.STARTED) {
              events.rapidFailDisabled(p.name);
              p.state = ObjectState.STOPPED;
              p.generation++;
              refuseWaiting(p);
            }
          });
    }
  }

  void stopPool(String name) {
    Pool p = pool(name, "stop pool");
    requireWas("stop pool", name);
    if (p.state != ObjectState.STARTED) {
      throw new IisException(
          "stop pool",
          p.name,
          E_NOT_ACTIVE,
          "the pool is already " + p.state.display().toLowerCase(Locale.ROOT));
    }
    p.generation++;
    p.state = ObjectState.STOPPING;
    refuseWaiting(p);
    new ArrayList<>(p.workers).forEach(w -> shutdown(w, Why.STOP));
    settle(p);
  }

  void recyclePool(String name) {
    Pool p = pool(name, "recycle pool");
    requireWas("recycle pool", name);
    if (p.state != ObjectState.STARTED) {
      throw new IisException(
          "recycle pool",
          p.name,
          E_NOT_ACTIVE,
          "only a started pool can be recycled; it is " + p.state.display());
    }
    List<Worker> old = p.workers.stream().filter(w -> !w.shuttingDown).toList();
    if (old.isEmpty()) {
      return;
    }
    old.forEach(w -> events.recycleRequested(p.name, w.pid));
    if (p.disallowOverlap) {
      p.rotationPending = true;
    } else {
      spawn(p);
    }
    old.forEach(w -> shutdown(w, Why.RECYCLE));
  }

  void setPoolAutoStart(String name, boolean autoStart) {
    pool(name, "set autoStart of pool").autoStart = autoStart;
  }

  private Pool pool(String name, String operation) {
    Pool p = pools.get(key(name));
    if (p == null) {
      throw IisException.notFound(operation, name, "no app pool with that name on this host");
    }
    if (p.denied) {
      throw IisException.accessDenied(operation, p.name);
    }
    return p;
  }

  private void requireWas(String operation, String target) {
    if (!wasRunning) {
      throw new IisException(operation, target, E_NOT_ACTIVE, HRESULT_NOT_ACTIVE_HINT);
    }
  }

  // ---- sites ---------------------------------------------------------------------------------

  void startSite(String name) {
    SiteS s = site(name, "start site");
    requireW3svc("start site", name);
    if (s.state == ObjectState.STARTED) {
      throw new IisException(
          "start site", s.name, E_ALREADY_RUNNING, "the site is already started");
    }
    s.state = ObjectState.STARTED;
    startLoad(s);
  }

  void stopSite(String name) {
    SiteS s = site(name, "stop site");
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

  private SiteS site(String name, String operation) {
    SiteS s = sites.get(key(name));
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

  private boolean accepting(SiteS s) {
    return w3svcRunning && s.state == ObjectState.STARTED;
  }

  // ---- workers -------------------------------------------------------------------------------

  void kill(int pid, String reason) {
    Worker w =
        processes.stream()
            .filter(x -> x.pid == pid)
            .findFirst()
            .orElseThrow(
                () ->
                    IisException.notFound(
                        "kill worker",
                        "pid " + pid,
                        "no w3wp.exe with that pid (it may have exited)"));
    cutAll(w, reason);
    exit(w);
  }

  private Worker spawn(Pool p) {
    Worker w = new Worker(pids.next(), p);
    processes.add(w);
    p.workers.add(w);
    for (Req r : List.copyOf(p.waiting)) {
      p.waiting.remove(r);
      assign(r, w, timeline.now());
    }
    becameIdleMaybe(w);
    return w;
  }

  private void shutdown(Worker w, Why why) {
    if (!w.alive || w.shuttingDown) {
      return;
    }
    w.accepting = false;
    w.shuttingDown = true;
    Pool p = w.pool;
    if (why == Why.STOP && p.orphanFault) {
      // WAS believes the worker is gone; the process lives on with whatever it was doing.
      w.orphan = true;
      p.workers.remove(w);
      settle(p);
      return;
    }
    if (w.requests.isEmpty()) {
      timeline.after(EXIT_DELAY, () -> exit(w));
    }
    timeline.after(
        p.shutdownTimeLimit,
        () -> {
          if (w.alive) {
            events.shutdownTimeLimitExceeded(p.name, w.pid);
            cutAll(
                w,
                "WAS killed worker "
                    + w.pid
                    + " after shutdownTimeLimit ("
                    + io.iisbot.iis.Durations.format(p.shutdownTimeLimit)
                    + ", event 5013)");
            exit(w);
          }
        });
  }

  private void exit(Worker w) {
    if (!w.alive) {
      return;
    }
    w.alive = false;
    processes.remove(w);
    Pool p = w.pool;
    p.workers.remove(w);
    settle(p);
  }

  /**
   * A pool that has lost a worker finishes stopping, starts its rotated worker, or (AlwaysRunning)
   * starts a replacement, as WAS does.
   */
  private void settle(Pool p) {
    if (p.state == ObjectState.STOPPING && p.workers.isEmpty()) {
      p.state = ObjectState.STOPPED;
    }
    if (p.rotationPending && p.workers.isEmpty()) {
      p.rotationPending = false;
      if (p.state == ObjectState.STARTED) {
        spawn(p);
      }
    }
    if (p.alwaysRunning
        && wasRunning
        && p.state == ObjectState.STARTED
        && !p.rotationPending
        && p.workers.stream().noneMatch(w -> w.accepting)) {
      spawn(p);
    }
  }

  private void becameIdleMaybe(Worker w) {
    Duration timeout = w.pool.idleTimeout;
    if (timeout.isZero() || !w.requests.isEmpty() || !w.accepting) {
      return;
    }
    long token = ++w.idleToken;
    timeline.after(
        timeout,
        () -> {
          if (w.alive && w.accepting && w.requests.isEmpty() && w.idleToken == token) {
            events.idleShutdown(w.pool.name, w.pid, timeout.toMinutes());
            shutdown(w, Why.IDLE);
          }
        });
  }

  private void cutAll(Worker w, String reason) {
    for (Req r : List.copyOf(w.requests)) {
      cuts.add(new Cut(view(r, w.pid), timeline.now(), reason));
      w.requests.remove(r);
      r.worker = null;
    }
  }

  // ---- requests ------------------------------------------------------------------------------

  private void startLoad(SiteS s) {
    long generation = ++s.loadGeneration;
    if (s.load == null || !accepting(s)) {
      return;
    }
    timeline.after(s.load.interval(), () -> nextArrival(s, generation));
  }

  private void nextArrival(SiteS s, long generation) {
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
  private void prefill(SiteS s) {
    LoadSpec load = s.load;
    long interval = load.interval().toNanos();
    long count = load.longest().toNanos() / interval;
    Instant now = timeline.now();
    for (long k = count; k >= 1; k--) {
      int i = s.loadIndex++;
      Duration d = load.durations().get(i % load.durations().size());
      Instant arrived = now.minusNanos(k * interval);
      if (arrived.plus(d).isAfter(now)) {
        admit(
            new Req(nextId(), s, load.urls().get(i % load.urls().size()), load.verb(), arrived, d));
      }
    }
  }

  private void arrive(SiteS s, String url, String verb, Duration duration) {
    if (!accepting(s)) {
      refused++;
      return;
    }
    admit(new Req(nextId(), s, url, verb, timeline.now(), duration));
  }

  private void admit(Req r) {
    Pool p = r.site.pool;
    if (!wasRunning || p.state != ObjectState.STARTED) {
      refused++; // 503 Service Unavailable
      return;
    }
    Worker w =
        p.workers.stream()
            .filter(x -> x.accepting)
            .min(Comparator.comparingInt((Worker x) -> x.requests.size()))
            .orElse(null);
    if (w == null && p.rotationPending) {
      p.waiting.add(r);
      return;
    }
    assign(r, w == null ? spawn(p) : w, r.arrived);
  }

  /** A request runs its whole duration from when a worker takes it; queued time is extra. */
  private void assign(Req r, Worker w, Instant startedAt) {
    r.worker = w;
    w.requests.add(r);
    w.idleToken++;
    if (r.duration != null) {
      timeline.at(startedAt.plus(r.duration), () -> complete(r));
    }
  }

  private void complete(Req r) {
    Worker w = r.worker;
    if (w == null) {
      return; // cut before it could finish
    }
    w.requests.remove(r);
    r.worker = null;
    served++;
    if (w.requests.isEmpty()) {
      if (w.shuttingDown && !w.orphan) {
        timeline.after(EXIT_DELAY, () -> exit(w));
      } else {
        becameIdleMaybe(w);
      }
    }
  }

  private void refuseWaiting(Pool p) {
    refused += p.waiting.size();
    p.waiting.clear();
  }

  private String nextId() {
    return String.format("%016x", 0xfb00000080000000L + requestCounter++);
  }
}
