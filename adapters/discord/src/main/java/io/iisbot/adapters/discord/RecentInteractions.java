package io.iisbot.adapters.discord;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;

/** {@link ReplayGuard} in a bounded Caffeine set. Thread-safe. */
final class RecentInteractions implements ReplayGuard {

  private final Cache<String, Boolean> seen;

  RecentInteractions(Duration keep, long max, Ticker ticker) {
    this.seen =
        Caffeine.newBuilder()
            .expireAfterWrite(keep)
            .maximumSize(max)
            .ticker(ticker)
            // Evictions on the caller's thread: nothing to wait for in tests.
            .executor(Runnable::run)
            .build();
  }

  @Override
  public boolean firstDelivery(String interactionId) {
    if (interactionId == null || interactionId.isEmpty()) {
      throw new IllegalArgumentException("an interaction id must not be empty");
    }
    return seen.asMap().putIfAbsent(interactionId, Boolean.TRUE) == null;
  }
}
