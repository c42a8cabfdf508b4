package io.iisbot.bot.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A Pause, Continue or Abort clicked on a replica that does not run the operation, waiting in the
 * store for the replica that does.
 *
 * @param operation the operation's id as its buttons carry it (without a host suffix)
 * @param action the button's action, such as {@code pause}
 * @param by who clicked, as messages show them
 * @param at when it was clicked
 */
public record ControlRequest(String operation, String action, String by, Instant at) {

  public ControlRequest {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(by, "by");
    Objects.requireNonNull(at, "at");
    if (operation.isBlank() || action.isBlank()) {
      throw new IllegalArgumentException(
          "a control request names an operation and an action, was \""
              + operation
              + "\", \""
              + action
              + "\"");
    }
  }
}
