package io.iisbot.iis.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** What one step did. */
public record StepReport(
    String name, Status status, Instant startedAt, Instant finishedAt, String detail) {

  public enum Status {
    SUCCEEDED,
    FAILED,
    SKIPPED,
    /** Cut short at a safe point (inside a wait) by an abort. */
    ABORTED
  }

  public StepReport {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(finishedAt, "finishedAt");
    Objects.requireNonNull(detail, "detail");
  }

  public Duration took() {
    return Duration.between(startedAt, finishedAt);
  }
}
