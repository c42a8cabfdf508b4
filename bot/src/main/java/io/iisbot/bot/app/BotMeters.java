package io.iisbot.bot.app;

import io.iisbot.bot.core.Telemetry;
import io.iisbot.bot.store.AuditEntry;
import io.iisbot.bot.store.BotStore;
import io.iisbot.iis.agent.AgentCallListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * The bot's meters, in Prometheus' text format for {@code GET /metrics}. Every tag takes its value
 * from a closed set, so the number of series stays bounded whatever chat users type: verbs from the
 * command registry, hosts from the configuration, platforms the bot made, outcomes from the audit
 * trail's words; anything else is counted as {@value #OTHER}. Thread-safe.
 */
final class BotMeters implements Telemetry, AgentCallListener, BotStore.Timing {

  static final String OTHER = "other";

  /** Buckets of the latency histograms: around chat platforms' 3 s answer deadline. */
  private static final Duration[] BUCKETS = {
    Duration.ofMillis(5),
    Duration.ofMillis(25),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofSeconds(2),
    Duration.ofSeconds(3),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30)
  };

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Set<String> hosts;
  private final Set<String> verbs = ConcurrentHashMap.newKeySet();
  private final Set<String> platforms = ConcurrentHashMap.newKeySet();

  /**
   * @param hosts the configured hosts: the only values of the {@code host} tag
   */
  BotMeters(Set<String> hosts) {
    this.hosts = Set.copyOf(hosts);
  }

  /** The command names of the registry: the only values of the {@code verb} tag. */
  void verbs(Set<String> names) {
    verbs.addAll(names);
    verbs.add(Telemetry.UNPARSED);
  }

  /** A platform the bot talks on: the only values of the {@code platform} tag. */
  void platform(String name) {
    platforms.add(name);
  }

  /** The gauge of operations this bot follows now. */
  void following(IntSupplier operations) {
    Gauge.builder("iisbot.operations.in.flight", operations::getAsInt)
        .description("Operations this bot follows now (started here or re-attached to)")
        .register(registry);
  }

  /** Everything measured, in Prometheus' text format (version 0.0.4). */
  String scrape() {
    return registry.scrape();
  }

  @Override
  public void command(String verb, String outcome) {
    Counter.builder("iisbot.commands")
        .description("Commands answered, by verb and how they were answered")
        .tag("verb", known(verbs, verb))
        .tag("outcome", word(outcome))
        .register(registry)
        .increment();
  }

  @Override
  public void answered(String platform, Duration took) {
    Timer.builder("iisbot.ack")
        .description("Time from a command or click to the bot's answer, by platform")
        .tag("platform", known(platforms, platform))
        .serviceLevelObjectives(BUCKETS)
        .register(registry)
        .record(took);
  }

  @Override
  public void audited(AuditEntry e) {
    switch (e.kind()) {
      case RESULT ->
          Counter.builder("iisbot.operations")
              .description("Operations ended on a host, by verb and outcome")
              .tag("verb", known(verbs, e.action()))
              .tag("outcome", outcome(e.outcome()))
              .register(registry)
              .increment();
      case CONFIRMATION, CANCELLATION ->
          Counter.builder("iisbot.confirmations")
              .description("Clicks on confirmation prompts, by what became of the prompt")
              .tag("outcome", outcome(e.outcome()))
              .register(registry)
              .increment();
      default -> {
        // Requests, denials, steps and notices have their own counts (commands) or none.
      }
    }
  }

  /** The agent's routes by the short names the {@code call} tag gives them. */
  private static final java.util.Map<String, String> CALLS =
      java.util.Map.of(
          "GET /v1/health", "health",
          "GET /v1/snapshot", "snapshot",
          "POST /v1/plans", "plan",
          "POST /v1/operations", "start",
          "POST /v1/operations/{id}/abort", "abort",
          "GET /v1/operations/{id}", "operation",
          "GET /v1/operations/{id}/progress", "follow",
          "GET /v1/events", "events");

  @Override
  public void called(String agent, String route, Duration took, String outcome) {
    String host = known(hosts, agent);
    String call = CALLS.getOrDefault(route, OTHER);
    String failure = outcome.equals("ok") ? null : outcome;
    if (!call.equals("follow")) {
      // Following lasts as long as the operation: its duration is not a call's latency.
      Timer.builder("iisbot.agent.call")
          .description("Calls to agents, by host and call")
          .tag("host", host)
          .tag("call", word(call))
          .serviceLevelObjectives(BUCKETS)
          .register(registry)
          .record(took);
    }
    if (failure != null) {
      Counter.builder("iisbot.agent.errors")
          .description("Failed calls to agents, by host, call and kind of failure")
          .tag("host", host)
          .tag("call", word(call))
          .tag("error", word(failure))
          .register(registry)
          .increment();
    }
  }

  @Override
  public void took(Duration d, boolean failed) {
    Timer.builder("iisbot.store")
        .description("Store transactions, waiting for the connection included")
        .tag("outcome", failed ? "error" : "ok")
        .serviceLevelObjectives(BUCKETS)
        .register(registry)
        .record(d);
  }

  private static String known(Set<String> allowed, String value) {
    return value != null && allowed.contains(value) ? value : OTHER;
  }

  private static String outcome(String word) {
    return word != null && AuditEntry.OUTCOMES.contains(word) ? word : OTHER;
  }

  /** Our own words (statuses, call names, failure kinds): short lower-case identifiers. */
  private static String word(String w) {
    return w != null && w.matches("[a-z_]{1,32}") ? w : OTHER;
  }
}
