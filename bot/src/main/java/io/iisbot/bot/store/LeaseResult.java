package io.iisbot.bot.store;

import java.time.Instant;
import java.util.Objects;

/** The answer to {@link BotStore#acquireLease}: the host is ours, or someone else's. */
public sealed interface LeaseResult {

  /** The caller's operation now holds the host. */
  record Acquired() implements LeaseResult {}

  /** Another operation holds an unexpired lease on the host. */
  record Held(String holder, String operationId, Instant since) implements LeaseResult {
    public Held {
      Objects.requireNonNull(holder, "holder");
      Objects.requireNonNull(operationId, "operationId");
      Objects.requireNonNull(since, "since");
    }
  }
}
