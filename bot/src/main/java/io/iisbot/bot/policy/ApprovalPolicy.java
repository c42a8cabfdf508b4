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
 */
public record ApprovalPolicy(
    String name,
    Set<String> actions,
    List<HostPattern> hosts,
    boolean secondApprover,
    Duration confirmTimeout,
    OptionalInt maxBatch) {

  public ApprovalPolicy {
    Objects.requireNonNull(name, "name");
    actions = Set.copyOf(actions);
    hosts = List.copyOf(hosts);
    Objects.requireNonNull(confirmTimeout, "confirmTimeout");
    Objects.requireNonNull(maxBatch, "maxBatch");
  }

  /** A policy without a batch limit. */
  public ApprovalPolicy(
      String name,
      Set<String> actions,
      List<HostPattern> hosts,
      boolean secondApprover,
      Duration confirmTimeout) {
    this(name, actions, hosts, secondApprover, confirmTimeout, OptionalInt.empty());
  }

  boolean applies(String action, String host, Set<String> groups) {
    return (actions.contains("*") || actions.contains(action.toLowerCase(Locale.ROOT)))
        && hosts.stream().anyMatch(p -> p.matches(host, groups));
  }
}
