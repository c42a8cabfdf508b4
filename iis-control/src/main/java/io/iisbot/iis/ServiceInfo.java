package io.iisbot.iis;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One Windows service as the SCM reports it.
 *
 * @param name the key name ({@code W3SVC}), which is what events and APIs use
 * @param displayName the localized display name, for people only
 * @param acceptsPause whether {@code dwControlsAccepted} includes PAUSE_CONTINUE (W3SVC: no)
 * @param dependsOn services this one needs running ({@code DependOnService})
 * @param dependents services that depend on this one (stopping this one needs them stopped first)
 * @param pid the hosting process, 0 when stopped; W3SVC and WAS share one svchost
 * @param checkpoint {@code dwCheckPoint}: advances while a pending operation makes progress
 * @param waitHint {@code dwWaitHint}: how long the service says the pending step may take
 */
public record ServiceInfo(
    String name,
    String displayName,
    ServiceState state,
    boolean acceptsPause,
    List<String> dependsOn,
    List<String> dependents,
    int pid,
    int checkpoint,
    Duration waitHint) {

  public ServiceInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(state, "state");
    dependsOn = List.copyOf(dependsOn);
    dependents = List.copyOf(dependents);
    Objects.requireNonNull(waitHint, "waitHint");
    if (pid < 0) {
      throw new IllegalArgumentException("pid must be >= 0, was " + pid);
    }
  }
}
