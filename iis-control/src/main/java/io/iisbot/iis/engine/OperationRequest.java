package io.iisbot.iis.engine;

import java.util.Objects;

/**
 * One action on one scope of a host, validated: recycle takes a pool, reset the whole host, and
 * {@code --all} only goes with stopping or resetting a host.
 */
public record OperationRequest(Action action, Scope scope, Options options) {

  public OperationRequest {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(options, "options");
    if (action == Action.RECYCLE && !(scope instanceof Scope.Pool)) {
      throw new IllegalArgumentException("recycle needs a pool: recycle <host> pool:NAME");
    }
    if (action == Action.RESET && !(scope instanceof Scope.Host)) {
      throw new IllegalArgumentException("reset works on a whole host, not on " + scope.display());
    }
    if (options.all()
        && !((action == Action.STOP || action == Action.RESET) && scope instanceof Scope.Host)) {
      throw new IllegalArgumentException("--all goes only with stop or reset of a whole host");
    }
  }

  public static OperationRequest of(Action action, Scope scope) {
    return new OperationRequest(action, scope, Options.defaults());
  }

  /** As an operator would type it, without the host: {@code stop pool:Api --drain 30s}. */
  public String describe() {
    StringBuilder b = new StringBuilder(action.verb());
    if (!(scope instanceof Scope.Host)) {
      b.append(' ').append(scope.display());
    }
    if (!options.drain().equals(Options.DEFAULT_DRAIN)) {
      b.append(" --drain ").append(io.iisbot.iis.Durations.format(options.drain()));
    }
    if (options.all()) {
      b.append(" --all");
    }
    if (options.force()) {
      b.append(" --force");
    }
    if (options.persist()) {
      b.append(" --persist");
    }
    return b.toString();
  }
}
