package io.iisbot.iis.engine;

import java.util.Objects;
import java.util.Optional;

/**
 * The last word on a plan, given just before its first step, on the plan the engine is about to run
 * (worked out from the host as it is then, not as it was when someone looked): the agent uses it to
 * run only the plan that was confirmed, and only what its allow-list permits. Implementations must
 * not block and must be thread-safe.
 */
@FunctionalInterface
public interface PlanGate {

  /**
   * @return why this plan must not run, written for the operator; empty to let it run
   */
  Optional<String> refusal(Plan plan);

  /** Lets every plan run. */
  static PlanGate open() {
    return plan -> Optional.empty();
  }

  /**
   * Lets a plan run only if its {@link Plan#identity()} is {@code confirmed}: what the operator
   * confirmed is what runs.
   */
  static PlanGate confirmed(String confirmed) {
    Objects.requireNonNull(confirmed, "confirmed");
    return plan ->
        plan.identity().equals(confirmed) ? Optional.empty() : Optional.of(changed(plan));
  }

  /** This gate, then {@code next}: the first refusal wins. */
  default PlanGate and(PlanGate next) {
    Objects.requireNonNull(next, "next");
    return plan -> {
      Optional<String> first = refusal(plan);
      return first.isPresent() ? first : next.refusal(plan);
    };
  }

  /** Why a plan that differs from the confirmed one did not run. */
  static String changed(Plan now) {
    return "the plan changed since it was confirmed, so nothing was done: "
        + now.request().describe()
        + " on "
        + now.host()
        + " would now touch "
        + now.touches()
        + "; preview it again and confirm what it does now";
  }
}
