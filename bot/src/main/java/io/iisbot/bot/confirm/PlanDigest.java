package io.iisbot.bot.confirm;

import io.iisbot.iis.engine.Plan;
import java.util.List;
import java.util.Objects;

/**
 * What a host's plan will touch, as confirmed: its identity (what the agent checks before it runs)
 * and the names behind it, so that a changed plan can be explained.
 */
public record PlanDigest(
    String identity, List<String> sites, List<String> pools, List<String> services) {

  public PlanDigest {
    Objects.requireNonNull(identity, "identity");
    sites = List.copyOf(sites);
    pools = List.copyOf(pools);
    services = List.copyOf(services);
  }

  public static PlanDigest of(Plan plan) {
    return new PlanDigest(plan.identity(), plan.sites(), plan.pools(), plan.services());
  }
}
