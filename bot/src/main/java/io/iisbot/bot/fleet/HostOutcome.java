package io.iisbot.bot.fleet;

import io.iisbot.iis.engine.OperationResult;
import io.iisbot.iis.engine.Outcome;
import java.util.Objects;

/**
 * How one host of a fleet operation ended: its result, or why it could not run (lease held, agent
 * unreachable, refused).
 *
 * @param fateUnknown the agent took the operation and then stopped answering: it may still be
 *     running, so the host keeps its lease until the agent says how it ended or an admin frees it
 */
public record HostOutcome(
    String host, String operationId, OperationResult result, String problem, boolean fateUnknown) {

  public HostOutcome {
    Objects.requireNonNull(host, "host");
    if ((result == null) == (problem == null)) {
      throw new IllegalArgumentException("a host outcome has a result or a problem, not both");
    }
    if (fateUnknown && result != null) {
      throw new IllegalArgumentException("a host outcome with a result has a known fate");
    }
  }

  /** An outcome whose fate is known: a result, or a problem that kept it from running. */
  public HostOutcome(String host, String operationId, OperationResult result, String problem) {
    this(host, operationId, result, problem, false);
  }

  /** The agent took the operation, then stopped answering before its end ({@code problem}). */
  public static HostOutcome unknown(String host, String operationId, String problem) {
    return new HostOutcome(host, operationId, null, problem, true);
  }

  public boolean failed() {
    return result == null
        || result.outcome() == Outcome.FAILED
        || result.outcome() == Outcome.CANCELLED;
  }
}
