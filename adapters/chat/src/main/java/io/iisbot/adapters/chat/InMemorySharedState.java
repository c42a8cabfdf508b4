package io.iisbot.adapters.chat;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/** {@link SharedState} in a map of this process; expired keys are dropped now and then. */
final class InMemorySharedState implements SharedState {

  /** Every this many puts, expired keys are dropped. */
  private static final int PURGE_EVERY = 1_000;

  private record Entry(String value, long expiresMs) {}

  private final Clock clock;
  private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicInteger puts = new AtomicInteger();

  InMemorySharedState(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public boolean putIfAbsent(String space, String key, String value, Duration keep) {
    String k = key(space, key);
    Objects.requireNonNull(value, "value");
    requirePositive(keep);
    if (puts.incrementAndGet() % PURGE_EVERY == 0) {
      long now = clock.millis();
      entries.values().removeIf(e -> e.expiresMs() <= now);
    }
    long now = clock.millis();
    Entry fresh = new Entry(value, now + keep.toMillis());
    boolean[] won = {false};
    entries.compute(
        k,
        (x, old) -> {
          if (old != null && old.expiresMs() > now) {
            return old;
          }
          won[0] = true;
          return fresh;
        });
    return won[0];
  }

  @Override
  public Optional<String> get(String space, String key) {
    Entry e = entries.get(key(space, key));
    return e == null || e.expiresMs() <= clock.millis() ? Optional.empty() : Optional.of(e.value());
  }

  @Override
  public Optional<String> take(String space, String key) {
    Entry e = entries.remove(key(space, key));
    return e == null || e.expiresMs() <= clock.millis() ? Optional.empty() : Optional.of(e.value());
  }

  @Override
  public void remove(String space, String key) {
    entries.remove(key(space, key));
  }

  private static String key(String space, String key) {
    if (space == null || space.isBlank()) {
      throw new IllegalArgumentException("a shared state space must not be blank, was " + space);
    }
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException("a shared state key must not be blank, was " + key);
    }
    return space + '\u0000' + key;
  }

  static void requirePositive(Duration keep) {
    Objects.requireNonNull(keep, "keep");
    if (keep.isNegative() || keep.isZero()) {
      throw new IllegalArgumentException("keep must be positive, was " + keep);
    }
  }
}
