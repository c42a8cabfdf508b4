package io.iisbot.adapters.chat;

import java.util.List;
import java.util.Map;

/**
 * The groups or roles the platform says a user holds now ({@code slack-group:…}, {@code
 * discord-role:…}), from a short cache: what the console asks at every request, so a person removed
 * from a group loses what the group granted within the cache's time, as in chat. Empty when the
 * platform cannot say, which denies rather than allows. Implementations are thread-safe and do not
 * throw.
 */
@FunctionalInterface
public interface Memberships {

  /** The user's memberships now; empty when there are none or the platform cannot say. */
  List<Identity> of(Identity user);

  /** The caller as the bot should judge them now: the user, their memberships, a name to show. */
  default Caller caller(Identity user, String displayName) {
    return new Caller(user, of(user), displayName);
  }

  /** No memberships for anyone: each user stands for themself only. */
  static Memberships none() {
    return user -> List.of();
  }

  /**
   * Asks the one registered for the user's kind ({@code slack} → Slack's user groups, {@code
   * discord} → Discord's roles); users of any other kind hold none.
   */
  static Memberships byKind(Map<String, Memberships> byKind) {
    Map<String, Memberships> copy = Map.copyOf(byKind);
    return user -> {
      Memberships m = copy.get(user.kind());
      return m == null ? List.of() : List.copyOf(m.of(user));
    };
  }
}
