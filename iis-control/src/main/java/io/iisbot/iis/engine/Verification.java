package io.iisbot.iis.engine;

import java.util.List;
import java.util.Objects;

/** The checks made after an operation, each with what was found. */
public record Verification(List<Check> checks) {

  /** One check: e.g. "W3SVC is Stopped", passed, "state STOPPED". */
  public record Check(String name, boolean passed, String detail) {
    public Check {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(detail, "detail");
    }
  }

  public Verification {
    checks = List.copyOf(checks);
  }

  public boolean passed() {
    return checks.stream().allMatch(Check::passed);
  }

  public List<Check> failures() {
    return checks.stream().filter(c -> !c.passed()).toList();
  }
}
