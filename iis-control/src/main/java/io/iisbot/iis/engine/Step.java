package io.iisbot.iis.engine;

import java.util.Objects;

/** One named step of a plan: how the preview describes it and what it does when run. */
record Step(String name, String description, Body body) {

  /** Does the step's work and returns a one-line account of it. */
  @FunctionalInterface
  interface Body {
    String run(Run run) throws InterruptedException;
  }

  Step {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(body, "body");
  }

  /** The step cannot do its job; the message is written for the operator. */
  static final class Failure extends RuntimeException {
    Failure(String message) {
      super(message);
    }
  }

  /** The operation was aborted while the step waited; the message says who or why. */
  static final class Aborted extends RuntimeException {
    Aborted(String message) {
      super(message);
    }
  }

  /** The step had nothing to do; the message says why. */
  static final class Skip extends RuntimeException {
    Skip(String message) {
      super(message);
    }
  }
}
