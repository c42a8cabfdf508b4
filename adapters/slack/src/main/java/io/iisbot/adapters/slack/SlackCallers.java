package io.iisbot.adapters.slack;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.usergroups.users.UsergroupsUsersListResponse;
import io.iisbot.adapters.chat.Caller;
import io.iisbot.adapters.chat.Identity;
import io.iisbot.adapters.chat.Memberships;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who a Slack user is to the bot: {@code slack:<user id>} plus the configured user groups that list
 * them, read with {@code usergroups.users.list} and cached (bounded, expiring). A group that cannot
 * be read counts as not containing the user, so a failure denies rather than allows. Thread-safe.
 */
final class SlackCallers {

  private static final Logger LOG = LoggerFactory.getLogger(SlackCallers.class);

  /** How long a group's member list is trusted. */
  static final Duration GROUP_TTL = Duration.ofMinutes(5);

  private final MethodsClient methods;
  private final Set<String> groups;
  private final Cache<String, Set<String>> members;

  /**
   * @param ticker the time the cached member lists expire by
   */
  SlackCallers(MethodsClient methods, Set<String> groups, Ticker ticker) {
    this.methods = methods;
    this.groups = Set.copyOf(groups);
    this.members =
        Caffeine.newBuilder().ticker(ticker).maximumSize(1_000).expireAfterWrite(GROUP_TTL).build();
  }

  /** The caller as the bot sees them. */
  Caller of(String userId, String displayName) {
    return new Caller(
        Identity.parse("slack:" + userId),
        groupsOf(userId),
        displayName == null || displayName.isBlank() ? userId : displayName);
  }

  /** The same groups, for {@code slack:} identities met outside Slack (the console). */
  Memberships memberships() {
    return user -> user.kind().equals("slack") ? groupsOf(user.id()) : List.of();
  }

  private List<Identity> groupsOf(String userId) {
    List<Identity> in = new ArrayList<>();
    for (String g : groups.stream().sorted().toList()) {
      if (membersOf(g).contains(userId)) {
        in.add(Identity.parse("slack-group:" + g));
      }
    }
    return in;
  }

  private Set<String> membersOf(String group) {
    Set<String> known = members.getIfPresent(group);
    if (known != null) {
      return known;
    }
    try {
      UsergroupsUsersListResponse r = methods.usergroupsUsersList(b -> b.usergroup(group));
      if (!r.isOk()) {
        LOG.warn("usergroups.users.list {}: {}; treated as empty", group, r.getError());
        return Set.of();
      }
      Set<String> users = Set.copyOf(r.getUsers() == null ? List.of() : r.getUsers());
      members.put(group, users);
      return users;
    } catch (IOException | SlackApiException e) {
      LOG.warn("usergroups.users.list {} failed; treated as empty", group, e);
      return Set.of();
    }
  }
}
