package io.iisbot.iis.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** How an operation ended: outcome, steps, verification, events, findings and cut requests. */
public record OperationResult(
    String host,
    OperationRequest request,
    Outcome outcome,
    List<StepReport> steps,
    Verification verification,
    EventSummary events,
    List<Finding> findings,
    List<CutRequest> cutRequests,
    Instant startedAt,
    Instant finishedAt) {

  public OperationResult {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(outcome, "outcome");
    steps = List.copyOf(steps);
    Objects.requireNonNull(verification, "verification");
    Objects.requireNonNull(events, "events");
    findings = List.copyOf(findings);
    cutRequests = List.copyOf(cutRequests);
  }

  public Duration duration() {
    return Duration.between(startedAt, finishedAt);
  }

  /** The step with that name, if it ran or was skipped. */
  public java.util.Optional<StepReport> step(String name) {
    return steps.stream().filter(s -> s.name().equals(name)).findFirst();
  }
}
