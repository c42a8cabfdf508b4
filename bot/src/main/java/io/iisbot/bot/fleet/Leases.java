package io.iisbot.bot.fleet;

import java.util.Optional;

/** One state-changing operation per host at a time, across bot replicas (backed by the store). */
public interface Leases {

  /**
   * Takes the host for this operation.
   *
   * @return empty when taken; otherwise who holds it, for the refusal message
   */
  Optional<String> acquire(String host, String holder, String operationId);

  void release(String host, String operationId);
}
