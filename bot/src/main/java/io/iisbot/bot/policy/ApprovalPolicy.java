package io.iisbot.bot.policy;

import io.iisbot.config.HostPattern;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A confirmation policy: for these actions on hosts matching these patterns, how long a prompt
 * lives, whether a second person must approve, and how many hosts a rolling run may take at once.
 * Several may match; {@link Policies} combines them.
 *
 * @param maxBatch empty when this policy does not limit the batch
 * @param requireReason whether a command must give a {@code --reason} to be prompted at all
 */
public record ApprovalPolicy(
    String name,
    Set<String> actions,
    List<HostPattern> hosts,
    boolean secondApprover,
    Duration confirmTimeout,
    OptionalInt maxBatch,
    boolean requireReason) {

  public ApprovalPolicy {
    Objects.requireNonNull(name, "name");
    actions = Set.copyOf(actions);
    hosts = List.copyOf(hosts);
    Objects.requireNonNull(confirmTimeout, "confirmTimeout");
    Objects.requireNonNull(maxBatch, "maxBatch");
  }

  /** A policy that asks for no reason. */
  public ApprovalPolicy(
      String name,
      Set<String> actions,
      List<HostPattern> hosts,
      boolean secondApprover,
      Duration confirmTimeout,
      OptionalInt maxBatch) {
    this(name, actions, hosts, secondApprover, confirmTimeout, maxBatch, false);
  }

  /** A policy without a batch limit. */
  public ApprovalPolicy(
      String name,
      Set<String> actions,
      List<HostPattern> hosts,
      boolean secondApprover,
      Duration confirmTimeout) {
    this(name, actions, hosts, secondApprover, confirmTimeout, OptionalInt.empty(), false);
  }

  boolean applies(String action, String host, Set<String> groups) {
    return (actions.contains("*") || actions.contains(action.toLowerCase(Locale.ROOT)))
        && hosts.stream().anyMatch(p -> p.matches(host, groups));
  }
}
