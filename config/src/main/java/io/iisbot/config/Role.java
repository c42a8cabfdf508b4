package io.iisbot.config;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Binds identities to what they may do. Identities are platform-qualified ids, never display names:
 * {@code slack:U024BE7LH}, {@code slack-group:S0614TZR7}, {@code discord:80351110224678912}, {@code
 * discord-role:…}, {@code console:name}. Immutable.
 *
 * @param name the role's name, 1-63 of a-z 0-9 -
 * @param members the identities that hold the role
 * @param allow what they may do, to which hosts
 */
public record Role(String name, List<String> members, List<Grant> allow) {

  /**
   * @throws IllegalArgumentException naming the field and the bad value
   */
  public Role {
    Objects.requireNonNull(name, "name");
    members = List.copyOf(members);
    allow = List.copyOf(allow);
    Checks.require("name", Checks.groupName(name));
    for (String m : members) {
      Checks.require("members", Checks.identity(m));
    }
  }

  /** Whether {@code identity} ({@code slack:U024BE7LH}) is a valid, platform-qualified identity. */
  public static boolean isIdentity(String identity) {
    return identity != null && Checks.identity(identity) == null;
  }

  /** Whether any of {@code identities} (a user and the user's groups or roles) holds this role. */
  public boolean hasMember(Set<String> identities) {
    return members.stream().anyMatch(identities::contains);
  }

  /** Whether this role allows {@code action} on the host. */
  public boolean allows(String action, Host host) {
    return allow.stream().anyMatch(g -> g.covers(action, host));
  }

  /**
   * Some actions on some hosts.
   *
   * @param actions the commands' permission words, lower case ({@code stop}); {@code *} means all
   *     of them
   * @param hosts the hosts, at least one pattern
   */
  public record Grant(Set<String> actions, List<HostPattern> hosts) {

    public Grant {
      actions = Actions.normalized(actions);
      hosts = List.copyOf(hosts);
      if (actions.isEmpty()) {
        throw new IllegalArgumentException("actions: at least one action is needed");
      }
      if (hosts.isEmpty()) {
        throw new IllegalArgumentException("hosts: at least one host pattern is needed");
      }
    }

    public boolean covers(String action, Host host) {
      return Actions.covers(actions, action) && hosts.stream().anyMatch(p -> p.matches(host));
    }
  }
}
