package io.iisbot.bot.core;

import io.iisbot.bot.policy.HostPattern;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A confirmation policy: for these actions on hosts matching these patterns, how long a prompt
 * lives and whether a second person must approve.
 */
public record ApprovalPolicy(
    String name,
    Set<String> actions,
    List<HostPattern> hosts,
    boolean secondApprover,
    Duration confirmTimeout) {

  public ApprovalPolicy {
    actions = Set.copyOf(actions);
    hosts = List.copyOf(hosts);
  }

  boolean applies(String action, String host, Set<String> groups) {
    return (actions.contains("*") || actions.contains(action.toLowerCase(Locale.ROOT)))
        && hosts.stream().anyMatch(p -> p.matches(host, groups));
  }
}
