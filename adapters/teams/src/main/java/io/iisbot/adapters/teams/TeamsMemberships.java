package io.iisbot.adapters.teams;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.iisbot.adapters.chat.Caller;
import io.iisbot.adapters.chat.Identity;
import io.iisbot.adapters.chat.Memberships;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The teams and channels a Teams user was last seen in ({@code teams-team:…}, {@code
 * teams-channel:…}), from the {@code channelData} of the activities they sent within {@link #TTL}:
 * Teams says which channel an activity comes from, and only a member can post there. No Graph call:
 * a user not seen lately (or seen on another replica) holds none here, which denies rather than
 * allows. Thread-safe.
 */
final class TeamsMemberships implements Memberships {

  /** How long a channel a user posted in counts as theirs. */
  static final Duration TTL = Duration.ofMinutes(10);

  private final Cache<String, Set<Identity>> seen;

  TeamsMemberships(Ticker ticker) {
    this.seen =
        Caffeine.newBuilder().maximumSize(50_000).expireAfterWrite(TTL).ticker(ticker).build();
  }

  void saw(Caller caller) {
    if (caller.memberships().isEmpty()) {
      return;
    }
    seen.asMap()
        .merge(
            caller.user().id(),
            Set.copyOf(caller.memberships()),
            (old, now) -> {
              Set<Identity> all = new LinkedHashSet<>(old);
              all.addAll(now);
              return Set.copyOf(all);
            });
  }

  @Override
  public List<Identity> of(Identity user) {
    if (!Activity.PLATFORM.equals(user.kind())) {
      return List.of();
    }
    Set<Identity> s = seen.getIfPresent(user.id());
    return s == null ? List.of() : List.copyOf(s);
  }
}
