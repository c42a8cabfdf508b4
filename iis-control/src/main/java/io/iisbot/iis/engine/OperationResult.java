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

  /** A failed result for an operation that could not run a single step, saying why. */
  public static OperationResult notRun(
      String host, OperationRequest request, Instant at, String why) {
    return new OperationResult(
        host,
        request,
        Outcome.FAILED,
        List.of(),
        new Verification(List.of()),
        new EventSummary(at, at, java.util.Map.of(), List.of()),
        List.of(Finding.error(why)),
        List.of(),
        at,
        at);
  }

  public Duration duration() {
    return Duration.between(startedAt, finishedAt);
  }

  /** The step with that name, if it ran or was skipped. */
  public java.util.Optional<StepReport> step(String name) {
    return steps.stream().filter(s -> s.name().equals(name)).findFirst();
  }
}
