package io.iisbot.adapters.discord;

import com.github.benmanes.caffeine.cache.Ticker;
import io.iisbot.adapters.chat.SharedState;
import java.time.Duration;

/**
 * Which Discord interactions were already handed to the bot, by their {@code id}: an interaction
 * delivered again (Discord re-sends one it thinks failed; someone who captured a signed request can
 * replay it while its timestamp is within {@link DiscordSignature#MAX_SKEW}) is answered without
 * running it a second time.
 *
 * <p>A signed request is accepted from {@code MAX_SKEW} before its timestamp to {@code MAX_SKEW}
 * after it, so an id must be remembered for at least twice that after it was first seen: {@link
 * #KEEP}. A single process may keep them in memory ({@link #inMemory}); the bot keeps them in its
 * store ({@link #shared}), so a delivery landing on another replica is known there too.
 *
 * <p>Implementations are thread-safe, and {@link #firstDelivery} is atomic: of two deliveries
 * racing, exactly one is the first.
 */
@FunctionalInterface
public interface ReplayGuard {

  /**
   * How long an id is remembered: the whole window a signed request is accepted in, and a minute.
   */
  Duration KEEP = DiscordSignature.MAX_SKEW.multipliedBy(2).plusMinutes(1);

  /** How many ids {@link #inMemory} keeps: far more than {@link #KEEP} sees in any real server. */
  long IN_MEMORY_MAX = 100_000;

  /**
   * Records the id; true the first time it is offered within {@link #KEEP}, false ever after.
   *
   * @param interactionId the interaction's {@code id} (a snowflake), not empty
   */
  boolean firstDelivery(String interactionId);

  /**
   * Ids kept in memory for {@link #KEEP} after they were first seen, by the ticker's time; at most
   * {@link #IN_MEMORY_MAX} of them.
   */
  static ReplayGuard inMemory(Ticker ticker) {
    return new RecentInteractions(KEEP, IN_MEMORY_MAX, ticker);
  }

  /** Ids kept for {@link #KEEP} in the bot's shared state, which every replica sees. */
  static ReplayGuard shared(SharedState state) {
    java.util.Objects.requireNonNull(state, "state");
    return interactionId -> {
      if (interactionId == null || interactionId.isEmpty()) {
        throw new IllegalArgumentException("an interaction id must not be empty");
      }
      // A forged id may be anything; the key stays valid whatever it is.
      return state.putIfAbsent("discord-interaction", SharedState.keyOf(interactionId), "1", KEEP);
    };
  }
}
