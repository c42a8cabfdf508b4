package io.iisbot.iis.agent.server;

import io.iisbot.iis.engine.Options;
import io.iisbot.iis.engine.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What this agent may touch, whatever the bot asks: services, pools and sites by name ({@code *}
 * for all, or a trailing {@code *} for a prefix) and whether {@code force} may kill workers. A
 * request is checked against its plan's blast radius, so a host-wide stop needs every pool and site
 * it would touch to be allowed.
 */
public record AllowList(
    List<String> services, List<String> pools, List<String> sites, boolean force) {

  public AllowList {
    services = List.copyOf(services);
    pools = List.copyOf(pools);
    sites = List.copyOf(sites);
  }

  /** Everything, force included: for a simulated host on loopback. */
  public static AllowList everything() {
    return new AllowList(List.of("*"), List.of("*"), List.of("*"), true);
  }

  /** What in this plan the list does not allow; empty when it may run. */
  List<String> violations(Plan plan, Options options) {
    List<String> out = new ArrayList<>();
    if (options.force() && !force) {
      out.add("--force is not allowed on this agent (allow.force)");
    }
    plan.services().stream()
        .filter(s -> !matches(services, s))
        .forEach(
            s -> out.add("service " + s + " is not in this agent's allow-list (allow.services)"));
    plan.pools().stream()
        .filter(p -> !matches(pools, p))
        .forEach(p -> out.add("pool " + p + " is not in this agent's allow-list (allow.pools)"));
    plan.sites().stream()
        .filter(s -> !matches(sites, s))
        .forEach(s -> out.add("site " + s + " is not in this agent's allow-list (allow.sites)"));
    return out;
  }

  static boolean matches(List<String> patterns, String name) {
    String n = name.toLowerCase(Locale.ROOT);
    for (String p : patterns) {
      String q = p.toLowerCase(Locale.ROOT);
      if (q.equals("*")
          || q.equals(n)
          || (q.endsWith("*") && n.startsWith(q.substring(0, q.length() - 1)))) {
        return true;
      }
    }
    return false;
  }
}
