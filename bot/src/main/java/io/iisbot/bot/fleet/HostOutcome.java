package io.iisbot.bot.fleet;

import io.iisbot.iis.engine.OperationResult;
import io.iisbot.iis.engine.Outcome;
import java.util.Objects;

/**
 * How one host of a fleet operation ended: its result, or why it could not run (lease held, agent
 * unreachable, refused).
 */
public record HostOutcome(String host, String operationId, OperationResult result, String problem) {

  public HostOutcome {
    Objects.requireNonNull(host, "host");
    if ((result == null) == (problem == null)) {
      throw new IllegalArgumentException("a host outcome has a result or a problem, not both");
    }
  }

  public boolean failed() {
    return result == null
        || result.outcome() == Outcome.FAILED
        || result.outcome() == Outcome.CANCELLED;
  }
}
