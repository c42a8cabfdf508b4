package io.iisbot.iis.sim;

import io.iisbot.iis.ActiveRequest;
import io.iisbot.iis.AppPool;
import io.iisbot.iis.IisException;
import io.iisbot.iis.ObjectState;
import io.iisbot.iis.WorkerProcess;
import io.iisbot.iis.sim.Scenario.Faults;
import io.iisbot.iis.sim.Scenario.PoolSpec;
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
 * WAS's side of IIS: app pools, their worker processes and the requests they run. Workers finish
 * their requests when asked to shut down and are killed after the pool's shutdownTimeLimit (5013);
 * recycles overlap unless disallowed; idle workers leave (5186). Sites live in {@link SiteSim}.
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
    final Duration warmup;

    /** When the pool last came up; the start of the simulation for a pool already running. */
    Instant upSince;

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
      warmup = s.warmup();
      upSince = Instant.EPOCH;
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

  /** One request from a client, from its arrival until it is answered or cut. */
  static final class Req {
    final String id;
    final String site;
    final String pool;
    final String url;
    final String verb;
    final Instant arrived;
    final Duration duration;
    private Worker worker;

    /**
     * @param duration how long it takes once a worker has it; null for a request that never ends
     */
    Req(
        String id,
        String site,
        String pool,
        String url,
        String verb,
        Instant arrived,
        Duration duration) {
      this.id = id;
      this.site = site;
      this.pool = pool;
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
  private final List<Worker> processes = new ArrayList<>();
  private final List<Cut> cuts = new ArrayList<>();
  private boolean wasRunning;
  private long served;
  private long refused;

  WasSim(
      Timeline timeline,
      SimEventLog events,
      PidAllocator pids,
      Scenario scenario,
      boolean wasRunning) {
    this.timeline = timeline;
    this.events = events;
    this.pids = pids;
    this.wasRunning = wasRunning;
    for (PoolSpec p : scenario.pools()) {
      Pool pool = new Pool(p, scenario.faults());
      pools.put(key(p.name()), pool);
      if (wasRunning && pool.state == ObjectState.STARTED) {
        for (int i = 0; i < p.workers(); i++) {
          spawn(pool);
        }
      }
    }
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  // ---- service transitions -------------------------------------------------------------------

  /** What WAS does when the SCM moves it. */
  void onService(String service, io.iisbot.iis.ServiceState state) {
    if (!service.equalsIgnoreCase(ScmSim.WAS)) {
      return;
    }
    switch (state) {
      case RUNNING -> wasStarted();
      case STOP_PENDING -> shutDownAllWorkers();
      case STOPPED -> wasStopped();
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

  void wasStopped() {
    wasRunning = false;
    for (Pool p : pools.values()) {
      p.generation++;
      p.state = ObjectState.STOPPED;
      refuseWaiting(p);
    }
  }

  /** Asks every worker to finish and exit: WAS stopping, or W3SVC (the HTTP listener) stopping. */
  void shutDownAllWorkers() {
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
        poolName(r.pool),
        r.site,
        r.url,
        r.verb,
        Duration.between(r.arrived, timeline.now()),
        pid);
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

  /**
   * When the pool is able to answer its sites' requests (started, not in a non-overlapped
   * rotation's gap, past its warm-up), or null while it answers 503.
   */
  Instant readySince(String pool) {
    Pool p = pools.get(key(pool));
    if (p == null || !wasRunning || p.state != ObjectState.STARTED || p.rotationPending) {
      return null;
    }
    Instant ready = p.upSince.plus(p.warmup);
    return ready.isAfter(timeline.now()) ? null : ready;
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
    p.upSince = timeline.now();
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
        // The new worker starts cold after the gap: the pool's warm-up applies again.
        p.upSince = timeline.now();
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

  /** Takes a request a listening site accepted: a worker of its pool gets it, or it gets 503. */
  void admit(Req r) {
    Pool p = pools.get(key(r.pool));
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

  /** The pool's name as configured, for a name written in any case. */
  String poolName(String name) {
    Pool p = pools.get(key(name));
    return p == null ? name : p.name;
  }
}
