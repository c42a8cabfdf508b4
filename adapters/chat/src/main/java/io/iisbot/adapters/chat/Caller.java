package io.iisbot.adapters.chat;

import java.util.List;
import java.util.Objects;

/**
 * Who is asking: the person's own identity, the groups or roles the platform says they hold
 * (resolved by the adapter: Slack user groups, Discord roles), and a display name for messages
 * only.
 */
public record Caller(Identity user, List<Identity> memberships, String displayName) {

  public Caller {
    Objects.requireNonNull(user, "user");
    memberships = List.copyOf(memberships);
    displayName = displayName == null || displayName.isBlank() ? user.toString() : displayName;
  }

  /** The user and every membership: what role bindings are matched against. */
  public List<Identity> identities() {
    java.util.ArrayList<Identity> all = new java.util.ArrayList<>();
    all.add(user);
    all.addAll(memberships);
    return all;
  }
}
