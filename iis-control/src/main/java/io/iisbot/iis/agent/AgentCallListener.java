package io.iisbot.iis.agent;

import java.time.Duration;

/**
 * Told of every call an {@link AgentClient} makes, once it has ended: for metrics such as agent
 * call latency and errors per host. Called on the calling thread; implementations are quick and
 * thread-safe. An exception it throws is ignored, so counting never breaks a call.
 */
@FunctionalInterface
public interface AgentCallListener {

  /** Told nothing. */
  AgentCallListener NONE = (agent, route, took, outcome) -> {};

  /**
   * @param agent the agent's name, as messages use it: {@code web01}
   * @param route the method and the route's template: {@code GET /v1/snapshot}, {@code GET
   *     /v1/operations/{id}}, {@code GET /v1/operations/{id}/progress} (which lasts as long as the
   *     operation)
   * @param took from the first try to the answer or the failure, retries and pauses included
   * @param outcome {@code ok}, or the failure's {@link AgentException.Kind} in lower case: {@code
   *     unreachable}, {@code timeout}, {@code host_error}...
   */
  void called(String agent, String route, Duration took, String outcome);
}
