package io.iisbot.config;

import io.iisbot.iis.Durations;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Extra rules for some actions on some hosts, such as "a stop on {@code @production} needs a second
 * approver". Immutable.
 *
 * @param name the policy's name, for messages and the audit
 * @param actions the commands' permission words it applies to; {@code *} for all
 * @param hosts the hosts it applies to
 * @param secondApprover whether someone other than the requester must confirm
 * @param confirmTimeout how long the confirmation prompt stays valid (default 2 minutes)
 * @param maxBatch at most this many hosts at once in a rolling operation
 * @param requireReason whether a command must say why ({@code --reason}) before it is prompted
 */
public record Policy(
    String name,
    Set<String> actions,
    List<HostPattern> hosts,
    boolean secondApprover,
    Duration confirmTimeout,
    OptionalInt maxBatch,
    boolean requireReason) {

  public static final Duration DEFAULT_CONFIRM_TIMEOUT = Duration.ofMinutes(2);

  /** Discord's interaction tokens last 15 minutes; a longer prompt could not be edited. */
  public static final Duration MAX_CONFIRM_TIMEOUT = Duration.ofMinutes(15);

  public static final Duration MIN_CONFIRM_TIMEOUT = Duration.ofSeconds(10);

  /**
   * @throws IllegalArgumentException naming the field and the bad value
   */
  public Policy {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(confirmTimeout, "confirmTimeout");
    Objects.requireNonNull(maxBatch, "maxBatch");
    actions = Actions.normalized(actions);
    hosts = List.copyOf(hosts);
    Checks.require("name", Checks.groupName(name));
    if (actions.isEmpty()) {
      throw new IllegalArgumentException("actions: at least one action is needed");
    }
    if (hosts.isEmpty()) {
      throw new IllegalArgumentException("hosts: at least one host pattern is needed");
    }
    Checks.require("confirmTimeout", checkConfirmTimeout(confirmTimeout));
    if (maxBatch.isPresent() && maxBatch.getAsInt() < 1) {
      throw new IllegalArgumentException(
          "maxBatch: must be at least 1, was " + maxBatch.getAsInt());
    }
  }

  /** A policy that does not ask for a reason. */
  public Policy(
      String name,
      Set<String> actions,
      List<HostPattern> hosts,
      boolean secondApprover,
      Duration confirmTimeout,
      OptionalInt maxBatch) {
    this(name, actions, hosts, secondApprover, confirmTimeout, maxBatch, false);
  }

  static String checkConfirmTimeout(Duration d) {
    return d.compareTo(MIN_CONFIRM_TIMEOUT) < 0 || d.compareTo(MAX_CONFIRM_TIMEOUT) > 0
        ? "must be between 10s and 15m, was " + Durations.format(d)
        : null;
  }

  /** Whether this policy applies to {@code action} on the host. */
  public boolean appliesTo(String action, Host host) {
    return appliesTo(action, host.name(), host.groups());
  }

  /** Whether this policy applies to {@code action} on the host of that name in those groups. */
  public boolean appliesTo(String action, String host, Collection<String> groupsOfHost) {
    return Actions.covers(actions, action)
        && hosts.stream().anyMatch(p -> p.matches(host, groupsOfHost));
  }
}
