package io.iisbot.iis.engine;

import io.iisbot.iis.ActiveRequest;
import io.iisbot.iis.RequestReading.RequestSource;
import io.iisbot.iis.WorkerProcess;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What an operation will do, worked out from a snapshot without changing anything: the preview an
 * operator confirms.
 *
 * @param sites the sites that will stop or start
 * @param pools the app pools that will stop, start or recycle
 * @param services the services that will stop or start, dependents included, in order
 * @param activeRequests requests in flight now on the affected sites/pools
 * @param workersAtRisk workers that will be killed if they outlive the deadline (by WAS after
 *     shutdownTimeLimit; leftovers by iisbot only with force)
 * @param worstCase how long it may take if every wait runs to its deadline
 * @param interruptsService whether clients notice: a stop, suspend or reset, or a recycle of a pool
 *     that disallows overlapping rotation. Behind a load balancer such a plan takes the host out of
 *     rotation first; one that does not (a start, resume or overlapped recycle) keeps it in
 */
public record Plan(
    String host,
    OperationRequest request,
    List<PlannedStep> steps,
    List<String> sites,
    List<String> pools,
    List<String> services,
    int activeRequests,
    List<ActiveRequest> longestRequests,
    RequestSource requestSource,
    List<WorkerProcess> workersAtRisk,
    List<String> warnings,
    Duration worstCase,
    boolean interruptsService) {

  /** A step as the preview shows it. */
  public record PlannedStep(String name, String description) {
    public PlannedStep {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(description, "description");
    }
  }

  public Plan {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(request, "request");
    steps = List.copyOf(steps);
    sites = List.copyOf(sites);
    pools = List.copyOf(pools);
    services = List.copyOf(services);
    longestRequests = List.copyOf(longestRequests);
    Objects.requireNonNull(requestSource, "requestSource");
    workersAtRisk = List.copyOf(workersAtRisk);
    warnings = List.copyOf(warnings);
    Objects.requireNonNull(worstCase, "worstCase");
  }

  /** Whether there is nothing to do (e.g. stopping what is already stopped). */
  public boolean isNoop() {
    return steps.isEmpty();
  }

  /**
   * What this plan will touch, as lowercase hex SHA-256: the operator confirms a plan, the agent
   * runs only a plan with the same identity (DESIGN §2.4). It covers the host, the action, the
   * scope's key, the options (drain, force, persist, all) and the sites, pools and services, each
   * list compared as a set of lower-case names (IIS names are case-insensitive, and the order a
   * snapshot lists them in is not a change). Requests in flight, workers and warnings are left out:
   * they change by the second without changing what the operation does.
   *
   * <p>A plain method, not a record component, so that it is never sent as JSON: whoever reads a
   * plan computes it from the same fields, the bot from the plan it shows, the agent from the plan
   * it is about to run.
   */
  public String identity() {
    Options o = request.options();
    StringBuilder text = new StringBuilder("iisbot-plan/1\n");
    line(text, "host", host.toLowerCase(Locale.ROOT));
    line(text, "action", request.action().name().toLowerCase(Locale.ROOT));
    line(text, "scope", request.scope().key());
    line(text, "drain", o.drain().toString());
    line(text, "force", Boolean.toString(o.force()));
    line(text, "persist", Boolean.toString(o.persist()));
    line(text, "all", Boolean.toString(o.all()));
    names(text, "sites", sites);
    names(text, "pools", pools);
    names(text, "services", services);
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(text.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** "sites a, b; pools c; services W3SVC": what the plan touches, for messages. */
  public String touches() {
    List<String> parts = new ArrayList<>();
    if (!sites.isEmpty()) {
      parts.add((sites.size() == 1 ? "site " : "sites ") + String.join(", ", sites));
    }
    if (!pools.isEmpty()) {
      parts.add((pools.size() == 1 ? "pool " : "pools ") + String.join(", ", pools));
    }
    if (!services.isEmpty()) {
      parts.add((services.size() == 1 ? "service " : "services ") + String.join(", ", services));
    }
    return parts.isEmpty() ? "nothing" : String.join("; ", parts);
  }

  // Each value is length-prefixed, so no name can pass for two (or for the next field).
  private static void line(StringBuilder b, String field, String value) {
    b.append(field).append('=').append(value.length()).append(':').append(value).append('\n');
  }

  private static void names(StringBuilder b, String field, List<String> names) {
    List<String> sorted =
        names.stream().map(n -> n.toLowerCase(Locale.ROOT)).sorted().distinct().toList();
    b.append(field).append('#').append(sorted.size()).append('\n');
    sorted.forEach(n -> line(b, field, n));
  }
}
