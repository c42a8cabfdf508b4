package io.iisbot.bot.app;

import io.iisbot.adapters.chat.ChatPlatform;
import io.iisbot.bot.core.HostDirectory;
import io.iisbot.bot.store.BotStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code GET /readyz} answers: ready when the bot is not stopping, its store answers and every
 * platform is connected. Agents are probed too and summarised as counts, but do not make the bot
 * unready: a host that is down is the bot's news to tell, not a reason to take it out of rotation.
 * Each check waits at most {@link #WAIT}; agents are probed at most once per {@link #PROBE_EVERY}.
 * Thread-safe.
 */
final class Readiness {

  private static final Logger LOG = LoggerFactory.getLogger(Readiness.class);

  /** The longest a check waits: well under a load balancer's or Kubernetes' probe timeout. */
  static final Duration WAIT = Duration.ofSeconds(2);

  static final Duration PROBE_EVERY = Duration.ofSeconds(15);

  /** The answer: its HTTP status and JSON body. */
  record Report(boolean ready, Map<String, Object> body) {}

  private final BotStore store;
  private final List<ChatPlatform> platforms;
  private final HostDirectory hosts;
  private final ExecutorService runner;
  private final BooleanSupplier stopping;
  private final Map<String, Boolean> reachable = new ConcurrentHashMap<>();
  private volatile long probedAt = Long.MIN_VALUE;
  private volatile CompletableFuture<Void> probe = CompletableFuture.completedFuture(null);

  Readiness(
      BotStore store,
      List<ChatPlatform> platforms,
      HostDirectory hosts,
      ExecutorService runner,
      BooleanSupplier stopping) {
    this.store = store;
    this.platforms = List.copyOf(platforms);
    this.hosts = hosts;
    this.runner = runner;
    this.stopping = stopping;
  }

  Report check() {
    long deadline = System.nanoTime() + WAIT.toNanos();
    CompletableFuture<Void> agents = probeAgents();
    Map<String, Object> body = new LinkedHashMap<>();
    boolean ready = !stopping.getAsBoolean();
    String storeState = storeState(deadline);
    ready &= storeState.equals("ok");
    Map<String, String> byPlatform = new LinkedHashMap<>();
    for (ChatPlatform p : platforms) {
      boolean connected = p.connected();
      byPlatform.put(p.name(), connected ? "connected" : "not connected");
      ready &= connected;
    }
    await(agents, deadline);
    long up = hosts.names().stream().filter(h -> Boolean.TRUE.equals(reachable.get(h))).count();
    long down = hosts.names().stream().filter(h -> Boolean.FALSE.equals(reachable.get(h))).count();
    Map<String, Object> agentCounts = new LinkedHashMap<>();
    agentCounts.put("reachable", up);
    agentCounts.put("unreachable", down);
    agentCounts.put("unknown", hosts.names().size() - up - down);
    body.put("status", stopping.getAsBoolean() ? "stopping" : ready ? "ready" : "not ready");
    body.put("store", storeState);
    body.put("platforms", byPlatform);
    body.put("agents", agentCounts);
    return new Report(ready, body);
  }

  private String storeState(long deadline) {
    CompletableFuture<Void> ping;
    try {
      ping = CompletableFuture.runAsync(store::ping, runner);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      return "unreachable";
    }
    try {
      ping.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      return "ok";
    } catch (TimeoutException e) {
      return "slow";
    } catch (ExecutionException e) {
      LOG.debug("readiness: the store did not answer", e.getCause());
      return "unreachable";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  /** Starts probing every agent unless a probe runs still or ran within {@link #PROBE_EVERY}. */
  private synchronized CompletableFuture<Void> probeAgents() {
    long now = System.nanoTime();
    // One probe at a time: an agent that never answers holds its probe for the client's timeout.
    if (!probe.isDone() || (probedAt != Long.MIN_VALUE && now - probedAt < PROBE_EVERY.toNanos())) {
      return probe;
    }
    probedAt = now;
    try {
      probe =
          CompletableFuture.allOf(
              hosts.names().stream()
                  .map(
                      h ->
                          CompletableFuture.runAsync(
                              () -> {
                                try {
                                  hosts.agent(h).health();
                                  reachable.put(h, true);
                                } catch (RuntimeException e) {
                                  reachable.put(h, false);
                                }
                              },
                              runner))
                  .toArray(CompletableFuture[]::new));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // The bot is stopping; the counts stay as last known.
    }
    return probe;
  }

  private static void await(CompletableFuture<Void> f, long deadline) {
    try {
      f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // Agents that have not answered yet count as unknown (or as last probed).
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
