package io.iisbot.bot.lb;

import io.iisbot.bot.fleet.AroundHost;
import io.iisbot.config.Host;
import io.iisbot.config.LoadBalancer;
import io.iisbot.iis.AppPool;
import io.iisbot.iis.Durations;
import io.iisbot.iis.HostSnapshot;
import io.iisbot.iis.engine.Action;
import io.iisbot.iis.engine.OperationRequest;
import io.iisbot.iis.engine.OperationResult;
import io.iisbot.iis.engine.Outcome;
import io.iisbot.iis.engine.Progress;
import io.iisbot.iis.engine.Scope;
import io.iisbot.iis.engine.Verification;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hosts behind load balancers and what an operation does there: the capacity guard and the
 * lines of a prompt, and the steps around each host's own while it runs. Thread-safe.
 */
public final class Balancing {

  private static final Logger LOG = LoggerFactory.getLogger(Balancing.class);

  /** How often a wait asks the balancer again. */
  static final Duration POLL = Duration.ofMillis(250);

  /** Waits; tests may pass one that advances a fake clock. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  /** A prompt refused by the capacity guard; the message, for the operator, has the numbers. */
  public static final class CapacityRefused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CapacityRefused(String message) {
      super(message);
    }
  }

  /**
   * What an operation does at the balancers, as worked out at prompt time.
   *
   * @param batch the batch size that keeps every backend at its minInService
   * @param lines the prompt's lines; empty when no host is behind a balancer
   */
  public record Preview(int batch, List<String> lines) {
    public Preview {
      lines = List.copyOf(lines);
    }
  }

  private final Map<String, Host.Behind> behind = new LinkedHashMap<>();
  private final Map<String, String> servers = new LinkedHashMap<>();
  private final Map<String, LoadBalancer> configs = new LinkedHashMap<>();
  private final Map<String, Balancer> balancers;
  private final Clock clock;
  private final Sleeper sleeper;
  private final BiPredicate<String, OperationRequest> overlapped;

  /**
   * @param balancers each configured balancer by name (tests may pass their own)
   * @param overlapped whether a recycle of this host keeps serving (an overlapped rotation); a
   *     non-overlapped recycle takes the host out first
   */
  public Balancing(
      List<Host> hosts,
      List<LoadBalancer> configs,
      Map<String, Balancer> balancers,
      Clock clock,
      Sleeper sleeper,
      BiPredicate<String, OperationRequest> overlapped) {
    for (Host h : hosts) {
      h.loadBalancer().ifPresent(b -> behind.put(h.name(), b));
      h.lbServer().ifPresent(s -> servers.put(h.name(), s));
    }
    configs.forEach(c -> this.configs.put(c.name(), c));
    this.balancers = Map.copyOf(balancers);
    this.clock = clock;
    this.sleeper = sleeper;
    this.overlapped = overlapped;
  }

  /** No host behind any balancer. */
  public static Balancing none() {
    return new Balancing(
        List.of(), List.of(), Map.of(), Clock.systemUTC(), d -> {}, (h, r) -> true);
  }

  /** The balancers of a configuration, reached over the network. */
  public static Balancing of(
      List<Host> hosts,
      List<LoadBalancer> configs,
      Clock clock,
      BiPredicate<String, OperationRequest> overlapped) {
    Map<String, Balancer> made = new LinkedHashMap<>();
    configs.forEach(c -> made.put(c.name(), Balancers.of(c)));
    return new Balancing(hosts, configs, made, clock, d -> Thread.sleep(d.toMillis()), overlapped);
  }

  /**
   * Whether a recycle keeps the host serving, from the host's own pools: overlapped unless the pool
   * (for a whole host: any pool) disallows overlapping rotation. When the host cannot be read the
   * recycle counts as not overlapped, so the host is taken out first.
   */
  public static BiPredicate<String, OperationRequest> overlappedRecycle(
      Function<String, HostSnapshot> snapshots) {
    return (host, request) -> {
      try {
        HostSnapshot s = snapshots.apply(host);
        if (request.scope() instanceof Scope.Pool p) {
          return s.pools().stream()
              .filter(x -> x.name().equalsIgnoreCase(p.name()))
              .noneMatch(AppPool::disallowOverlappingRotation);
        }
        return s.pools().stream().noneMatch(AppPool::disallowOverlappingRotation);
      } catch (RuntimeException e) {
        LOG.warn("cannot read {}'s pools; its recycle takes it out of its balancer", host, e);
        return false;
      }
    };
  }

  /** Whether any of {@code hosts} sits behind a balancer. */
  public boolean any(List<String> hosts) {
    return hosts.stream().anyMatch(behind::containsKey);
  }

  /** Whether the operation takes {@code host} out of its balancer before the agent is asked. */
  boolean takesOut(String host, OperationRequest request) {
    Action a = request.action();
    return behind.containsKey(host)
        && (a == Action.STOP
            || a == Action.SUSPEND
            || a == Action.RESET
            || (a == Action.RECYCLE && !overlapped.test(host, request)));
  }

  /**
   * Whether the operation puts {@code host} back when it succeeded: a start, resume or reset, and a
   * recycle that took it out; never a stop or suspend, which leave it out.
   */
  boolean putsBack(String host, OperationRequest request, boolean tookOut) {
    Action a = request.action();
    return behind.containsKey(host)
        && (a == Action.START
            || a == Action.RESUME
            || a == Action.RESET
            || (a == Action.RECYCLE && tookOut));
  }

  /**
   * The capacity guard and the prompt's lines, from the balancers' live state.
   *
   * @param batch the batch asked for
   * @throws CapacityRefused when the operation would leave a backend below its minInService
   * @throws BalancerException when a balancer cannot be reached
   */
  public Preview preview(OperationRequest request, List<String> hosts, int batch) {
    if (!any(hosts)) {
      return new Preview(batch, List.of());
    }
    boolean permanent = request.action() == Action.STOP || request.action() == Action.SUSPEND;
    List<String> out = hosts.stream().filter(h -> takesOut(h, request)).toList();
    int sized = batch;
    List<String> lines = new ArrayList<>();
    // Per backend: how many of its in-service servers this operation takes out.
    Map<String, List<String>> takenBy = new LinkedHashMap<>();
    Map<String, Balancer.Backend> seen = new LinkedHashMap<>();
    Map<String, LoadBalancer.MinInService> mins = new LinkedHashMap<>();
    for (String h : out) {
      Host.Behind b = behind.get(h);
      Balancer lb = balancer(b.balancer());
      for (Balancer.Backend backend : lb.backendsOf(server(h))) {
        String key = lb.name() + "/" + backend.name();
        seen.put(key, backend);
        mins.put(key, minInService(b.balancer()));
        if (backend.server(server(h)).map(Balancer.Server::inService).orElse(false)) {
          takenBy.computeIfAbsent(key, k -> new ArrayList<>()).add(h);
        }
      }
    }
    for (var e : seen.entrySet()) {
      Balancer.Backend backend = e.getValue();
      int total = backend.servers().size();
      int in = backend.inService();
      int min = mins.get(e.getKey()).of(total);
      List<String> taken = takenBy.getOrDefault(e.getKey(), List.of());
      if (taken.isEmpty()) {
        continue;
      }
      if (permanent) {
        if (in - taken.size() < min) {
          throw new CapacityRefused(
              request.action().verb()
                  + " "
                  + String.join(", ", taken)
                  + " would leave "
                  + (in - taken.size())
                  + " of "
                  + total
                  + " servers in service in "
                  + e.getKey()
                  + " ("
                  + in
                  + " are now); its minInService is "
                  + mins.get(e.getKey())
                  + " ("
                  + min
                  + "). Take fewer hosts out, or add --no-lb to leave the balancer alone"
                  + " (audited).");
        }
      } else {
        int room = in - min;
        if (room < 1) {
          throw new CapacityRefused(
              request.action().verb()
                  + " "
                  + String.join(", ", taken)
                  + " would take "
                  + e.getKey()
                  + " below its minInService of "
                  + mins.get(e.getKey())
                  + " ("
                  + min
                  + "): only "
                  + in
                  + " of "
                  + total
                  + " servers are in service now, so not even one may leave.");
        }
        if (room < sized) {
          sized = room;
          lines.add(
              "⚖ Batches of "
                  + room
                  + " so "
                  + e.getKey()
                  + " keeps at least "
                  + min
                  + " of "
                  + total
                  + " servers in service (minInService "
                  + mins.get(e.getKey())
                  + ").");
        }
      }
    }
    for (String h : hosts) {
      if (!behind.containsKey(h)) {
        continue;
      }
      Host.Behind b = behind.get(h);
      LoadBalancer config = configs.get(b.balancer());
      boolean takes = takesOut(h, request);
      if (takes) {
        lines.add("⚖ " + h + ": " + takeOutStep(h, seen) + ", then " + drainStep(h, config));
      }
      if (putsBack(h, request, takes)) {
        lines.add(
            "⚖ "
                + h
                + " after it succeeds: "
                + putBackStep(h, config)
                + ", then "
                + upStep(h, config));
      }
      if (!takes && request.action() == Action.RECYCLE) {
        lines.add("⚖ " + h + ": stays in " + b.balancer() + " (an overlapped recycle)");
      }
    }
    return new Preview(sized, lines);
  }

  /** The prompt line of an operation that skips the balancers. */
  public List<String> skippedLines(List<String> hosts) {
    List<String> named = hosts.stream().filter(behind::containsKey).toList();
    if (named.isEmpty()) {
      return List.of();
    }
    return List.of(
        "⚠ --no-lb: "
            + String.join(", ", named)
            + " stay"
            + (named.size() == 1 ? "s" : "")
            + " in rotation at the load balancer; customers may see errors while they change.");
  }

  /** The steps around each host's own operation while it runs. */
  public AroundHost around(OperationRequest request) {
    return new Around(request);
  }

  private String takeOutStep(String host, Map<String, Balancer.Backend> seen) {
    Host.Behind b = behind.get(host);
    List<String> parts = new ArrayList<>();
    for (var e : seen.entrySet()) {
      if (!e.getKey().startsWith(b.balancer() + "/")) {
        continue;
      }
      Balancer.Backend backend = e.getValue();
      Optional<Balancer.Server> s = backend.server(server(host));
      if (s.isEmpty()) {
        continue;
      }
      int stay = backend.inService() - (s.get().inService() ? 1 : 0);
      parts.add(e.getKey() + " (" + stay + " of " + backend.servers().size() + " servers stay in)");
    }
    return "take "
        + host
        + " out of "
        + (parts.isEmpty() ? b.balancer() : String.join(", ", parts));
  }

  private String drainStep(String host, LoadBalancer config) {
    return "wait until "
        + host
        + " has no connections at "
        + config.name()
        + " (up to "
        + Durations.format(config.drainDeadline())
        + ")";
  }

  private String putBackStep(String host, LoadBalancer config) {
    String where =
        config instanceof LoadBalancer.Haproxy h
            ? String.join(", ", h.backends().stream().map(x -> config.name() + "/" + x).toList())
            : config.name();
    return "put " + host + " back into " + where;
  }

  private String upStep(String host, LoadBalancer config) {
    return "wait until "
        + config.name()
        + " reports "
        + host
        + " UP (up to "
        + Durations.format(config.upDeadline())
        + ")";
  }

  private Balancer balancer(String name) {
    Balancer b = balancers.get(name);
    if (b == null) {
      throw new BalancerException("no load balancer named " + name);
    }
    return b;
  }

  private String server(String host) {
    return servers.getOrDefault(host, host);
  }

  private LoadBalancer.MinInService minInService(String balancer) {
    LoadBalancer c = configs.get(balancer);
    return c instanceof LoadBalancer.Haproxy h ? h.minInService() : LoadBalancer.MinInService.NONE;
  }

  /** The drain before and the restore after one operation's hosts. */
  private final class Around implements AroundHost {
    private final OperationRequest request;
    private final Map<String, List<Verification.Check>> checks =
        new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Boolean> tookOut = new java.util.concurrent.ConcurrentHashMap<>();

    Around(OperationRequest request) {
      this.request = request;
    }

    @Override
    public Optional<String> before(String host, Consumer<Progress> progress) {
      List<Verification.Check> done = new ArrayList<>();
      checks.put(host, done);
      if (!takesOut(host, request)) {
        return Optional.empty();
      }
      Host.Behind b = behind.get(host);
      LoadBalancer config = configs.get(b.balancer());
      String server = server(host);
      Instant started = clock.instant();
      String step = "take " + host + " out of " + b.balancer();
      try {
        Balancer lb = balancer(b.balancer());
        Map<String, Balancer.Backend> seen = new LinkedHashMap<>();
        for (Balancer.Backend backend : lb.backendsOf(server)) {
          seen.put(b.balancer() + "/" + backend.name(), backend);
          guardNow(b.balancer(), backend, server);
        }
        step = takeOutStep(host, seen);
        progress.accept(new Progress.Note(started, "⚖ " + step + "…"));
        lb.drain(server);
        tookOut.put(host, true);
        progress.accept(new Progress.StepFinished(clock.instant(), step, since(started), "done"));
        done.add(new Verification.Check(step, true, "drained"));
      } catch (BalancerException | CapacityRefused e) {
        progress.accept(
            new Progress.StepFailed(clock.instant(), step, since(started), e.getMessage()));
        return Optional.of("not asked: " + step + " failed: " + e.getMessage());
      }
      String wait = drainStep(host, config);
      Instant waitStart = clock.instant();
      progress.accept(new Progress.Note(waitStart, "⚖ " + wait + "…"));
      try {
        OptionalInt left =
            waitForNoConnections(balancer(b.balancer()), server, config.drainDeadline());
        String detail =
            left.isEmpty()
                ? config.name() + " cannot count connections; not waited for"
                : "0 connections after " + Durations.format(since(waitStart));
        progress.accept(new Progress.StepFinished(clock.instant(), wait, since(waitStart), detail));
        done.add(new Verification.Check(wait, true, detail));
        return Optional.empty();
      } catch (BalancerException e) {
        progress.accept(
            new Progress.StepFailed(clock.instant(), wait, since(waitStart), e.getMessage()));
        putBackAfterFailure(host, progress);
        return Optional.of("not asked: " + e.getMessage());
      }
    }

    @Override
    public OperationResult after(String host, OperationResult result, Consumer<Progress> progress) {
      List<Verification.Check> before = checks.getOrDefault(host, List.of());
      List<Verification.Check> done = new ArrayList<>();
      boolean took = tookOut.getOrDefault(host, false);
      if (!putsBack(host, request, took)) {
        if (took && result.outcome() == Outcome.FAILED) {
          // Drained, then the host's own steps failed: it stays out, and the operator must know.
          done.add(
              new Verification.Check(
                  host + " stays out of " + behind.get(host).balancer(),
                  false,
                  "the "
                      + request.action().verb()
                      + " failed after the drain; put it back"
                      + " with start, or at the balancer"));
        }
        return with(result, before, done, result.outcome());
      }
      Host.Behind b = behind.get(host);
      LoadBalancer config = configs.get(b.balancer());
      boolean ok =
          result.outcome() == Outcome.SUCCEEDED || result.outcome() == Outcome.PARTIALLY_SUCCEEDED;
      if (!ok) {
        String why =
            host
                + " stays out of "
                + b.balancer()
                + ": the "
                + request.action().verb()
                + " did not succeed";
        progress.accept(new Progress.StepSkipped(clock.instant(), putBackStep(host, config), why));
        done.add(new Verification.Check(putBackStep(host, config), false, why));
        return with(result, before, done, result.outcome());
      }
      String server = server(host);
      String put = putBackStep(host, config);
      Instant started = clock.instant();
      progress.accept(new Progress.Note(started, "⚖ " + put + "…"));
      try {
        balancer(b.balancer()).restore(server);
        progress.accept(new Progress.StepFinished(clock.instant(), put, since(started), "done"));
        done.add(new Verification.Check(put, true, "ready"));
      } catch (BalancerException e) {
        LOG.error("could not put {} back into {}: {}", host, b.balancer(), e.getMessage());
        String loud =
            "⚠ "
                + host
                + " is still OUT of "
                + b.balancer()
                + " and takes no traffic: "
                + e.getMessage()
                + ". Put it back by hand.";
        progress.accept(new Progress.StepFailed(clock.instant(), put, since(started), loud));
        done.add(new Verification.Check(put, false, loud));
        return with(result, before, done, Outcome.FAILED);
      }
      String up = upStep(host, config);
      Instant upStart = clock.instant();
      progress.accept(new Progress.Note(upStart, "⚖ " + up + "…"));
      try {
        Optional<Boolean> isUp = waitUntilUp(balancer(b.balancer()), server, config.upDeadline());
        String detail =
            isUp.isEmpty()
                ? config.name() + " cannot report health; not waited for"
                : "UP after " + Durations.format(since(upStart));
        progress.accept(new Progress.StepFinished(clock.instant(), up, since(upStart), detail));
        done.add(new Verification.Check(up, true, detail));
        return with(result, before, done, result.outcome());
      } catch (BalancerException e) {
        progress.accept(
            new Progress.StepFailed(clock.instant(), up, since(upStart), e.getMessage()));
        done.add(new Verification.Check(up, false, e.getMessage()));
        return with(result, before, done, Outcome.FAILED);
      }
    }

    /** After a failed drain wait: the host is put back, since the agent was not asked. */
    private void putBackAfterFailure(String host, Consumer<Progress> progress) {
      Host.Behind b = behind.get(host);
      String put = putBackStep(host, configs.get(b.balancer()));
      Instant at = clock.instant();
      try {
        balancer(b.balancer()).restore(server(host));
        progress.accept(new Progress.StepFinished(clock.instant(), put, since(at), "back in"));
      } catch (BalancerException e) {
        progress.accept(
            new Progress.StepFailed(
                clock.instant(),
                put,
                since(at),
                "⚠ " + host + " is still OUT of " + b.balancer() + ": " + e.getMessage()));
      }
    }

    /** Refuses to take {@code server} out when the backend, as of now, cannot spare it. */
    private void guardNow(String balancer, Balancer.Backend backend, String server) {
      boolean in = backend.server(server).map(Balancer.Server::inService).orElse(false);
      int total = backend.servers().size();
      int min = minInService(balancer).of(total);
      int left = backend.inService() - (in ? 1 : 0);
      if (in && left < min) {
        throw new CapacityRefused(
            balancer
                + "/"
                + backend.name()
                + " has "
                + backend.inService()
                + " of "
                + total
                + " servers in service; taking "
                + server
                + " out would leave "
                + left
                + ", below its minInService of "
                + min);
      }
    }
  }

  private OptionalInt waitForNoConnections(Balancer lb, String server, Duration deadline) {
    Instant until = clock.instant().plus(deadline);
    while (true) {
      OptionalInt n = lb.connections(server);
      if (n.isEmpty() || n.getAsInt() == 0) {
        return n;
      }
      if (!clock.instant().isBefore(until)) {
        throw new BalancerException(
            server
                + " still has "
                + n.getAsInt()
                + " connections at "
                + lb.name()
                + " after "
                + Durations.format(deadline)
                + " (the drain deadline)");
      }
      pause();
    }
  }

  private Optional<Boolean> waitUntilUp(Balancer lb, String server, Duration deadline) {
    Instant until = clock.instant().plus(deadline);
    while (true) {
      Optional<Boolean> up = lb.up(server);
      if (up.isEmpty() || up.get()) {
        return up;
      }
      if (!clock.instant().isBefore(until)) {
        throw new BalancerException(
            lb.name() + " does not report " + server + " UP after " + Durations.format(deadline));
      }
      pause();
    }
  }

  private void pause() {
    try {
      sleeper.sleep(POLL);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BalancerException("interrupted while waiting for the load balancer", e);
    }
  }

  private Duration since(Instant start) {
    return Duration.between(start, clock.instant());
  }

  /** The result with the balancer's checks: those before the host's own first, then those after. */
  private static OperationResult with(
      OperationResult r,
      List<Verification.Check> before,
      List<Verification.Check> after,
      Outcome outcome) {
    if (before.isEmpty() && after.isEmpty() && outcome == r.outcome()) {
      return r;
    }
    List<Verification.Check> all = new ArrayList<>(before);
    all.addAll(r.verification().checks());
    all.addAll(after);
    return new OperationResult(
        r.host(),
        r.request(),
        outcome,
        r.steps(),
        new Verification(all),
        r.events(),
        r.findings(),
        r.cutRequests(),
        r.startedAt(),
        r.finishedAt());
  }
}
