package io.iisbot.bot.core;

import io.iisbot.bot.command.Target;
import io.iisbot.iis.agent.AgentClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The configured hosts: each host's agent client and groups, and how a target ({@code web01},
 * {@code @web}, {@code web0*}, a comma list) resolves to host names. Immutable, thread-safe.
 */
public final class HostDirectory {

  /**
   * How old a host's snapshot may be when shown to people ({@code status}, the console's fleet
   * board): a busy channel asking many times a second costs the agent one call a second. An
   * operation this bot starts, follows or ends on the host makes the next answer fresh ({@link
   * AgentClient#snapshot(java.time.Duration)}); checks before and after an operation always ask.
   */
  public static final java.time.Duration STATUS_MAX_AGE = java.time.Duration.ofSeconds(1);

  /** One host: its agent and the groups it belongs to. */
  public record Entry(String name, AgentClient agent, Set<String> groups) {
    public Entry {
      groups = Set.copyOf(groups);
    }
  }

  /** A target that names nothing, or an unknown host or group; the message is for the caller. */
  public static final class Unresolved extends RuntimeException {
    public Unresolved(String message) {
      super(message);
    }
  }

  private final Map<String, Entry> hosts = new LinkedHashMap<>();

  public HostDirectory(List<Entry> entries) {
    entries.forEach(e -> hosts.put(e.name(), e));
  }

  public AgentClient agent(String host) {
    Entry e = hosts.get(host);
    if (e == null) {
      throw new Unresolved(
          "no host " + host + "; the hosts are " + String.join(", ", hosts.keySet()));
    }
    return e.agent();
  }

  /** The host names, in configuration order. */
  public List<String> names() {
    return List.copyOf(hosts.keySet());
  }

  public Map<String, Set<String>> groupsByHost() {
    Map<String, Set<String>> m = new LinkedHashMap<>();
    hosts.values().forEach(e -> m.put(e.name(), e.groups()));
    return m;
  }

  public Set<String> groupsOf(String host) {
    Entry e = hosts.get(host);
    return e == null ? Set.of() : e.groups();
  }

  /** The hosts a target names, in configuration order, each once. */
  public List<String> resolve(Target target) {
    Set<String> out = new LinkedHashSet<>();
    add(target, out);
    if (out.isEmpty()) {
      throw new Unresolved(
          target.display()
              + " matches no configured host; the hosts are "
              + String.join(", ", hosts.keySet()));
    }
    List<String> ordered = new ArrayList<>();
    hosts.keySet().stream().filter(out::contains).forEach(ordered::add);
    return ordered;
  }

  private void add(Target t, Set<String> out) {
    if (t instanceof Target.Host h) {
      if (!hosts.containsKey(h.name())) {
        throw new Unresolved(
            "no host " + h.name() + "; the hosts are " + String.join(", ", hosts.keySet()));
      }
      out.add(h.name());
    } else if (t instanceof Target.Group g) {
      List<String> members =
          hosts.values().stream()
              .filter(e -> e.groups().contains(g.name()))
              .map(Entry::name)
              .toList();
      if (members.isEmpty()) {
        throw new Unresolved("no host is in @" + g.name());
      }
      out.addAll(members);
    } else if (t instanceof Target.Glob g) {
      hosts.keySet().stream().filter(g::matches).forEach(out::add);
    } else if (t instanceof Target.AnyOf any) {
      any.targets().forEach(x -> add(x, out));
    }
  }
}
