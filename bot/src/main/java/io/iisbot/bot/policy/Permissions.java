package io.iisbot.bot.policy;

import io.iisbot.adapters.chat.Caller;
import io.iisbot.adapters.chat.Identity;
import io.iisbot.config.HostPattern;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Roles bind identities to actions × host patterns; everything else is denied, with a message that
 * says which permission is missing and shows the caller's ids so an admin can grant it. Immutable
 * and thread-safe: the bot builds a new one when its configuration changes.
 */
public final class Permissions {

  /** One grant: these actions ({@code *} for all) on hosts matching these patterns. */
  public record Grant(Set<String> actions, List<HostPattern> hosts) {
    public Grant {
      actions =
          actions.stream()
              .map(a -> a.toLowerCase(Locale.ROOT))
              .collect(Collectors.toUnmodifiableSet());
      hosts = List.copyOf(hosts);
    }

    boolean allows(String action, String host, Set<String> groups) {
      return (actions.contains("*") || actions.contains(action))
          && hosts.stream().anyMatch(p -> p.matches(host, groups));
    }

    boolean allowsAction(String action) {
      return actions.contains("*") || actions.contains(action);
    }
  }

  /** A named role: its members and what they may do. */
  public record Role(String name, Set<Identity> members, List<Grant> grants) {
    public Role {
      Objects.requireNonNull(name, "name");
      members = Set.copyOf(members);
      grants = List.copyOf(grants);
    }
  }

  /** The answer: allowed (by which role) or denied (why). */
  public sealed interface Decision {
    boolean allowed();

    /** Allowed through this role. */
    record Allowed(String role) implements Decision {
      @Override
      public boolean allowed() {
        return true;
      }
    }

    /** Denied: the message is written for the caller. */
    record Denied(String message) implements Decision {
      @Override
      public boolean allowed() {
        return false;
      }
    }
  }

  private final List<Role> roles;
  private final Map<String, Set<String>> groupsByHost;
  private final People people;

  /**
   * @param groupsByHost each host's groups, lower case, for {@code @group} patterns
   * @param people who is who: a person holds the roles of every account they have
   */
  public Permissions(List<Role> roles, Map<String, Set<String>> groupsByHost, People people) {
    this.roles = List.copyOf(roles);
    this.groupsByHost = Map.copyOf(groupsByHost);
    this.people = people;
  }

  /** Roles for accounts only, with no people configured. */
  public Permissions(List<Role> roles, Map<String, Set<String>> groupsByHost) {
    this(roles, groupsByHost, People.none());
  }

  /** May the caller do {@code action} to {@code host}? */
  public Decision check(Caller caller, String action, String host) {
    String a = action.toLowerCase(Locale.ROOT);
    Set<String> groups = groupsOf(host);
    for (Role r : rolesOf(caller)) {
      if (r.grants().stream().anyMatch(g -> g.allows(a, host, groups))) {
        return new Decision.Allowed(r.name());
      }
    }
    return new Decision.Denied(
        "you may not "
            + a
            + " "
            + host
            + ": no role grants \""
            + a
            + "\" on "
            + host
            + (groups.isEmpty()
                ? ""
                : " (groups "
                    + groups.stream().sorted().map(g -> "@" + g).collect(Collectors.joining(", "))
                    + ")")
            + ". Ask an iisbot admin to add one of your ids to a role that does: "
            + caller.identities().stream()
                .map(Identity::toString)
                .collect(Collectors.joining(", ")));
  }

  /** Whether any of the caller's roles grants {@code action} on some host: for {@code help}. */
  public boolean mayEver(Caller caller, String action) {
    String a = action.toLowerCase(Locale.ROOT);
    return rolesOf(caller).stream()
        .anyMatch(r -> r.grants().stream().anyMatch(g -> g.allowsAction(a)));
  }

  /**
   * Why the caller may not {@code action} on one of {@code hosts} (the first refused), or empty
   * when every host allows it.
   */
  public Optional<String> denial(Caller caller, String action, Collection<String> hosts) {
    for (String h : hosts) {
      if (check(caller, action, h) instanceof Decision.Denied d) {
        return Optional.of(d.message());
      }
    }
    return Optional.empty();
  }

  private List<Role> rolesOf(Caller caller) {
    List<Identity> ids = people.expand(caller).identities();
    return roles.stream().filter(r -> ids.stream().anyMatch(r.members()::contains)).toList();
  }

  /** The groups of a host, lower case. */
  public Set<String> groupsOf(String host) {
    return groupsByHost.getOrDefault(host.toLowerCase(Locale.ROOT), Set.of());
  }
}
