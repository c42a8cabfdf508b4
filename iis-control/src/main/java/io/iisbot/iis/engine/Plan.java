package io.iisbot.iis.engine;

import io.iisbot.iis.ActiveRequest;
import io.iisbot.iis.RequestReading.RequestSource;
import io.iisbot.iis.WorkerProcess;
import java.time.Duration;
import java.util.List;
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
    Duration worstCase) {

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

  /**
   * What this plan touches, as one value: lowercase hex SHA-256 over the host, the request and the
   * sites, pools and services. Two plans with the same identity change the same things.
   */
  public String identity() {
    String text =
        String.join(
            "\n",
            host,
            request.action().verb(),
            request.scope().key(),
            request.options().drain().toString(),
            Boolean.toString(request.options().force()),
            Boolean.toString(request.options().persist()),
            Boolean.toString(request.options().all()),
            String.join(",", sites),
            String.join(",", pools),
            String.join(",", services));
    try {
      return java.util.HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("SHA-256")
                  .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** Whether there is nothing to do (e.g. stopping what is already stopped). */
  public boolean isNoop() {
    return steps.isEmpty();
  }
}
