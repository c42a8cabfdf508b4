package io.iisbot.bot.app;

import io.iisbot.adapters.chat.SharedState;
import io.iisbot.bot.store.BotStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SharedState} in the bot's store, so every replica on one database sees the same values. No
 * cache: a caller that may cache (a value that never changes under its key) does so itself. Expired
 * values are purged at most once per {@link #PURGE_EVERY} by whichever replica puts one.
 * Thread-safe.
 */
final class StoreSharedState implements SharedState {

  private static final Logger LOG = LoggerFactory.getLogger(StoreSharedState.class);

  static final Duration PURGE_EVERY = Duration.ofMinutes(5);

  private final BotStore store;
  private final Clock clock;
  private final AtomicLong nextPurgeMs = new AtomicLong();

  StoreSharedState(BotStore store, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public boolean putIfAbsent(String space, String key, String value, Duration keep) {
    Objects.requireNonNull(keep, "keep");
    if (keep.isNegative() || keep.isZero()) {
      throw new IllegalArgumentException("keep must be positive, was " + keep);
    }
    Instant now = clock.instant();
    purgeNowAndThen(now);
    return store.putShared(space, key, value, now.plus(keep), now);
  }

  @Override
  public Optional<String> get(String space, String key) {
    return store.shared(space, key, clock.instant());
  }

  @Override
  public Optional<String> take(String space, String key) {
    return store.takeShared(space, key, clock.instant());
  }

  @Override
  public void remove(String space, String key) {
    store.removeShared(space, key);
  }

  private void purgeNowAndThen(Instant now) {
    long due = nextPurgeMs.get();
    if (now.toEpochMilli() < due
        || !nextPurgeMs.compareAndSet(due, now.plus(PURGE_EVERY).toEpochMilli())) {
      return;
    }
    try {
      int purged = store.purgeShared(now);
      LOG.debug("purged {} expired shared values", purged);
    } catch (RuntimeException e) {
      // The put that follows reports a store that is down; the purge waits for next time.
      LOG.warn("purging expired shared values failed: {}", e.getMessage());
    }
  }
}
