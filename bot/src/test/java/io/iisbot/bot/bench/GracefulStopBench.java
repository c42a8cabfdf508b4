package io.iisbot.bot.bench;

import io.iisbot.adapters.chat.Caller;
import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.LocalChat;
import io.iisbot.iis.ActiveRequest;
import io.iisbot.iis.EventRecord;
import io.iisbot.iis.ServiceInfo;
import io.iisbot.iis.ServiceState;
import io.iisbot.iis.WorkerProcess;
import io.iisbot.iis.engine.EngineSettings;
import io.iisbot.iis.sim.Scenario;
import io.iisbot.iis.sim.Scenarios;
import io.iisbot.iis.sim.SimulatedIisHost;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Benchmark 3, a graceful stop against the floor: the {@code busy} host, in real time, stopped
 * through the whole bot (a chat command, Confirm, the agent on loopback); the time from the Confirm
 * click to the chat showing W3SVC stopped, against the floor (the longest request in flight at
 * Confirm still has to finish, then W3SVC takes its own stop time). At the same moment, three more
 * hosts of the same scenario are stopped the way common scripts do it, each on the simulated host
 * directly as the script would on the box, with what each cut and how long it took.
 *
 * <p>Real time makes the scenario's two-minute report cost two minutes, so every duration that
 * belongs to the requests is scaled by {@link #SCALE}: request durations, the pools'
 * shutdownTimeLimit and the scripts' own timeouts and poll intervals, which keeps their ratios as
 * on a real host. Not scaled: the simulated services' stop times and the engine's poll interval,
 * which are the machinery measured here.
 */
final class GracefulStopBench {

  static final String NAME = "3 graceful stop";
  static final double SCALE = 0.25;

  /** The simulated W3SVC's own stop time (ScmSim's standard W3SVC: 3 s), not scaled. */
  static final Duration W3SVC_STOP = Duration.ofSeconds(3);

  private static final String CHANNEL = "bench";

  private GracefulStopBench() {}

  static void run(Path dir) throws Exception {
    Scenario busy = scaled(Scenarios.named("busy"), SCALE);
    EngineSettings engine = EngineSettings.defaults();
    Duration poll = engine.pollInterval();
    List<long[]> updates = new CopyOnWriteArrayList<>();
    List<String> texts = new CopyOnWriteArrayList<>();
    LocalChat chat =
        new LocalChat(
            "bench",
            (id, m) -> {
              updates.add(new long[] {System.nanoTime(), texts.size()});
              texts.add(id + ": " + m.plainText());
            });
    try (RealTimeAgents fleet = new RealTimeAgents(dir)) {
      fleet.start(List.of(busy), engine);
      Map<String, SimulatedIisHost> scripted = new LinkedHashMap<>();
      for (String s : List.of("net stop", "iisreset /stop", "drain loop")) {
        scripted.put(s, new SimulatedIisHost(busy, Clock.systemUTC()));
      }
      io.iisbot.bot.app.BotApp app = fleet.bot(chat);
      Caller admin = RealTimeAgents.admin();
      SimulatedIisHost host = fleet.hosts.get(busy.host());
      String prompt =
          chat.type(admin, CHANNEL, "/iis stop " + busy.host() + " --drain 90s --reason bench")
              .get(0);
      // Let the load settle into its steady state for a moment, as on a host that has been busy.
      Thread.sleep(2000);

      List<CompletableFuture<Map<String, Object>>> scripts = new ArrayList<>();
      scripts.add(CompletableFuture.supplyAsync(() -> netStop(scripted.get("net stop"))));
      scripts.add(CompletableFuture.supplyAsync(() -> iisreset(scripted.get("iisreset /stop"))));
      scripts.add(CompletableFuture.supplyAsync(() -> drainLoop(scripted.get("drain loop"))));
      Duration remaining = longestRemaining(host, busy);
      Instant confirmAt = Instant.now();
      long clicked = System.nanoTime();
      int before = texts.size();
      chat.click(admin, prompt, "Confirm");
      chat.await(prompt, ChatMessage::last, Duration.ofMinutes(3));
      long shown = -1;
      for (long[] u : updates) {
        if (u[1] >= before && u[0] >= clicked && w3svcStopped(texts.get((int) u[1]))) {
          shown = u[0];
          break;
        }
      }
      double floor = remaining.plus(W3SVC_STOP).toNanos() / 1e6;
      double target = floor + poll.toMillis();
      double took = shown < 0 ? Double.NaN : (shown - clicked) / 1e6;
      double onHost = stoppedAt(host, confirmAt);
      int cut = host.cutRequests().size();
      if (shown < 0) {
        System.out.println("[bench] no message showed W3SVC stopped; the chat read:");
        texts.forEach(t -> System.out.println("  " + t));
      }
      Map<String, Object> numbers = new LinkedHashMap<>();
      numbers.put("confirmToStoppedShownMs", took);
      numbers.put("confirmToStoppedOnHostMs", onHost);
      numbers.put("floorMs", floor);
      numbers.put("longestRemainingAtConfirmMs", remaining.toMillis());
      numbers.put("w3svcStopMs", W3SVC_STOP.toMillis());
      numbers.put("pollIntervalMs", poll.toMillis());
      numbers.put("requestsCut", cut);
      numbers.put("requestsRefused", host.refusedRequests());
      numbers.put("durationScale", SCALE);
      numbers.put("steps", steps(fleet, app, busy.host(), confirmAt));
      BenchReport.add(
          BenchReport.Row.compared(
              NAME,
              "floor: longest request left at Confirm + W3SVC stop (durations ×" + SCALE + ")",
              FleetBench.fmt(floor) + " ms",
              numbers));
      BenchReport.add(
          new BenchReport.Row(
              NAME,
              "iisbot: Confirm to W3SVC stopped, requests cut",
              FleetBench.fmt(took) + " ms, " + cut + " cut",
              "≤ floor + poll "
                  + poll.toMillis()
                  + " ms = "
                  + FleetBench.fmt(target)
                  + " ms, 0 cut",
              took <= target && cut == 0,
              numbers));
      for (CompletableFuture<Map<String, Object>> f : scripts) {
        Map<String, Object> r = f.join();
        BenchReport.add(
            BenchReport.Row.compared(
                NAME,
                r.get("script") + ": to W3SVC stopped, requests cut",
                FleetBench.fmt((double) r.get("ms"))
                    + " ms, "
                    + r.get("requestsCut")
                    + " cut (floor "
                    + FleetBench.fmt((double) r.get("floorMs"))
                    + " ms)",
                r));
      }
    }
  }

  /** The agent's steps of the stop, each as ms from Confirm to its start and its end. */
  private static Map<String, Object> steps(
      RealTimeAgents fleet, io.iisbot.bot.app.BotApp app, String host, Instant confirmAt) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (io.iisbot.bot.store.AuditEntry e :
        app.store()
            .history(
                io.iisbot.bot.store.HistoryQuery.latest(50).withHost(host).withSince(confirmAt))) {
      if (e.kind() != io.iisbot.bot.store.AuditEntry.Kind.RESULT || e.operationId() == null) {
        continue;
      }
      var view =
          io.iisbot.iis.agent.AgentClient.builder(
                  fleet.agents.get(host).uri(), fleet.keyId(), fleet.secret().bytes())
              .name(host)
              .build()
              .operation(e.operationId());
      if (view.result() == null) {
        continue;
      }
      for (io.iisbot.iis.engine.StepReport r : view.result().steps()) {
        out.put(
            r.name(),
            List.of(
                Duration.between(confirmAt, r.startedAt()).toMillis(),
                Duration.between(confirmAt, r.finishedAt()).toMillis()));
      }
    }
    return out;
  }

  /**
   * {@code net stop w3svc} with a fixed 20 s timeout, then {@code taskkill /f /im w3wp.exe}: W3SVC
   * stops listening at once and WAS asks every worker to finish (shutdownTimeLimit); the script
   * waits, and kills what is left when its timeout runs out.
   */
  private static Map<String, Object> netStop(SimulatedIisHost h) {
    Duration timeout = scaled(Duration.ofSeconds(20));
    Duration floor = longestRemaining(h, h.scenario()).plus(W3SVC_STOP);
    long start = System.nanoTime();
    h.stopService("W3SVC");
    boolean stopped = waitStopped(h, List.of("W3SVC"), timeout);
    int killed = 0;
    if (!stopped) {
      for (WorkerProcess w : h.workers()) {
        h.killWorker(w.pid());
        killed++;
      }
      waitStopped(h, List.of("W3SVC"), Duration.ofMinutes(2));
    }
    return result(
        "net stop w3svc, " + timeout.toMillis() + " ms timeout (20 s ×" + SCALE + ")",
        h,
        start,
        floor,
        Map.of("workersKilled", killed, "timeoutMs", timeout.toMillis()));
  }

  /**
   * {@code iisreset /stop}: stops W3SVC, the activators and WAS (dependents first, as the SCM
   * requires), and kills the worker processes when they are not gone within its stop timeout (60 s
   * by default).
   */
  private static Map<String, Object> iisreset(SimulatedIisHost h) {
    Duration timeout = scaled(Duration.ofSeconds(60));
    Duration floor = longestRemaining(h, h.scenario()).plus(W3SVC_STOP);
    long start = System.nanoTime();
    List<String> dependents =
        h.services().stream()
            .filter(s -> s.dependsOn().stream().anyMatch(d -> d.equalsIgnoreCase("WAS")))
            .filter(s -> s.state() == ServiceState.RUNNING)
            .map(ServiceInfo::name)
            .toList();
    dependents.forEach(h::stopService);
    boolean stopped = waitStopped(h, dependents, timeout);
    int killed = 0;
    if (stopped) {
      h.stopService("WAS");
      long left = timeout.toNanos() - (System.nanoTime() - start);
      stopped = waitStopped(h, List.of("WAS"), Duration.ofNanos(Math.max(0, left)));
    }
    if (!stopped) {
      for (WorkerProcess w : h.workers()) {
        h.killWorker(w.pid());
        killed++;
      }
      waitStopped(h, List.of("W3SVC"), Duration.ofMinutes(2));
    }
    return result(
        "iisreset /stop, " + timeout.toMillis() + " ms timeout (60 s ×" + SCALE + ")",
        h,
        start,
        floor,
        Map.of("workersKilled", killed, "timeoutMs", timeout.toMillis(), "also", dependents));
  }

  /**
   * A drain loop: stop every site, poll the requests in flight every 4 s until there are none, then
   * {@code net stop w3svc}.
   */
  private static Map<String, Object> drainLoop(SimulatedIisHost h) {
    Duration every = scaled(Duration.ofSeconds(4));
    Duration floor = longestRemaining(h, h.scenario()).plus(W3SVC_STOP);
    long start = System.nanoTime();
    h.sites().forEach(s -> h.stopSite(s.name()));
    int polls = 0;
    try {
      while (!h.requests().requests().isEmpty()) {
        polls++;
        Thread.sleep(every.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    h.stopService("W3SVC");
    waitStopped(h, List.of("W3SVC"), Duration.ofMinutes(2));
    return result(
        "drain loop polling every " + every.toMillis() + " ms (4 s ×" + SCALE + ")",
        h,
        start,
        floor,
        Map.of("polls", polls, "pollMs", every.toMillis()));
  }

  private static Map<String, Object> result(
      String script, SimulatedIisHost h, long start, Duration floor, Map<String, Object> extra) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("script", script);
    r.put("ms", (System.nanoTime() - start) / 1e6);
    r.put("floorMs", (double) floor.toMillis());
    r.put("requestsCut", h.cutRequests().size());
    r.put("requestsRefused", h.refusedRequests());
    r.put("durationScale", SCALE);
    r.putAll(extra);
    return r;
  }

  /** Waits, polling as {@code net.exe} does (every 250 ms), for the services to be stopped. */
  private static boolean waitStopped(SimulatedIisHost h, List<String> names, Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    try {
      while (true) {
        boolean all =
            h.services().stream()
                .filter(s -> names.stream().anyMatch(n -> n.equalsIgnoreCase(s.name())))
                .allMatch(s -> s.state() == ServiceState.STOPPED);
        if (all) {
          return true;
        }
        if (System.nanoTime() >= end) {
          return false;
        }
        Thread.sleep(Math.min(250, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** When, after {@code since}, the host's event log says W3SVC stopped, in ms; NaN if never. */
  private static double stoppedAt(SimulatedIisHost h, Instant since) {
    for (EventRecord e : h.events(since, Instant.now().plusSeconds(1))) {
      if (e.id() == 7036
          && e.message().contains("World Wide Web Publishing Service")
          && e.message().toLowerCase(Locale.ROOT).contains("stopped")) {
        return Duration.between(since, e.time()).toNanos() / 1e6;
      }
    }
    return Double.NaN;
  }

  private static boolean w3svcStopped(String text) {
    String t = text.toLowerCase(Locale.ROOT);
    return t.contains("stopped w3svc");
  }

  /**
   * The longest time a request in flight now still needs: its duration (from the scenario, by its
   * site and url) less how long it has run.
   */
  static Duration longestRemaining(SimulatedIisHost h, Scenario s) {
    Duration longest = Duration.ZERO;
    for (ActiveRequest r : h.requests().requests()) {
      Duration d = durationOf(s.site(r.site()), r.url());
      Duration left = d.minus(r.elapsed());
      if (left.compareTo(longest) > 0) {
        longest = left;
      }
    }
    return longest;
  }

  private static Duration durationOf(Scenario.SiteSpec site, String url) {
    for (Scenario.RequestSpec r : site.requests()) {
      if (r.url().equals(url) && !r.endless()) {
        return r.duration();
      }
    }
    Scenario.LoadSpec load = site.load();
    if (load.urls().size() != load.durations().size()) {
      throw new IllegalStateException(
          site.name() + ": a url does not tell its duration when the lists differ in length");
    }
    return load.durations().get(load.urls().indexOf(url));
  }

  static Duration scaled(Duration d) {
    return Duration.ofNanos(Math.round(d.toNanos() * SCALE));
  }

  /** The scenario with every request duration and shutdownTimeLimit multiplied by {@code k}. */
  static Scenario scaled(Scenario s, double k) {
    List<Scenario.PoolSpec> pools =
        s.pools().stream()
            .map(
                p ->
                    new Scenario.PoolSpec(
                        p.name(),
                        p.state(),
                        p.autoStart(),
                        scaled(p.shutdownTimeLimit()),
                        p.disallowOverlappingRotation(),
                        p.idleTimeout(),
                        p.alwaysRunning(),
                        p.workers(),
                        p.workingSetMb(),
                        p.warmup()))
            .toList();
    List<Scenario.SiteSpec> sites =
        s.sites().stream()
            .map(
                x ->
                    new Scenario.SiteSpec(
                        x.name(),
                        x.id(),
                        x.pool(),
                        x.bindings(),
                        x.state(),
                        x.serverAutoStart(),
                        x.load() == null
                            ? null
                            : new Scenario.LoadSpec(
                                x.load().perSecond(),
                                x.load().durations().stream()
                                    .map(GracefulStopBench::scaled)
                                    .toList(),
                                x.load().urls(),
                                x.load().verb()),
                        x.requests().stream()
                            .map(
                                r ->
                                    new Scenario.RequestSpec(
                                        r.at(),
                                        r.duration() == null ? null : scaled(r.duration()),
                                        r.endless(),
                                        r.url(),
                                        r.verb()))
                            .toList(),
                        x.warmup(),
                        x.redirects()))
            .toList();
    return new Scenario(s.host(), s.description(), s.services(), pools, sites, s.faults());
  }
}
