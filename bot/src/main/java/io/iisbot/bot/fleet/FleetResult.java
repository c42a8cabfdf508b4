package io.iisbot.bot.fleet;

import java.util.List;

/**
 * A fleet operation: what each host did, and the hosts left alone because an earlier batch failed.
 */
public record FleetResult(List<HostOutcome> hosts, List<String> notRun) {

  public FleetResult {
    hosts = List.copyOf(hosts);
    notRun = List.copyOf(notRun);
  }

  public boolean succeeded() {
    return notRun.isEmpty() && hosts.stream().noneMatch(HostOutcome::failed);
  }
}
