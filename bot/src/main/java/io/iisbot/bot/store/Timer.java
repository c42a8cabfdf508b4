package io.iisbot.bot.store;

import java.time.Instant;
import java.util.Objects;

/**
 * Something the bot must do at a time: end a maintenance window, remind of its end, start a
 * scheduled operation. Kept in the store so a restart does not lose it; claimed with one
 * conditional write so that, of several replicas, exactly one fires it.
 *
 * @param id the timer's id, carried by the buttons that act on it
 * @param kind what firing it does, a word the bot chooses ({@code window-end})
 * @param fireAt when it is due
 * @param payload what it needs to fire, opaque to the store (JSON written by the bot)
 * @param state how far it got
 * @param claimedBy the replica that claimed it, once one has
 * @param createdAt when it was made
 */
public record Timer(
    String id,
    String kind,
    Instant fireAt,
    String payload,
    State state,
    String claimedBy,
    Instant createdAt) {

  /** A timer's life: pending until claimed (once) or cancelled; done once its work returned. */
  public enum State {
    PENDING,
    CLAIMED,
    DONE,
    CANCELLED
  }

  public Timer {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(fireAt, "fireAt");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(createdAt, "createdAt");
    if (id.isBlank() || kind.isBlank()) {
      throw new IllegalArgumentException("a timer needs an id and a kind, was " + id + "/" + kind);
    }
  }

  /** A new pending timer. */
  public static Timer pending(
      String id, String kind, Instant fireAt, String payload, Instant createdAt) {
    return new Timer(id, kind, fireAt, payload, State.PENDING, null, createdAt);
  }
}
