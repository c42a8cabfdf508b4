package io.iisbot.bot.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A confirmation prompt as the store keeps it: where it was shown, who asked, what it pins, and how
 * far it got. The Confirm, Approve and Cancel buttons carry a signed reference to it; every click
 * moves it on with one conditional write, so two replicas never both act on one prompt.
 *
 * @param id the prompt's id, carried by its buttons
 * @param platform the chat platform that showed it ({@code slack}, {@code console}, ...)
 * @param channel the channel it was shown in
 * @param messageRef the message showing it, as its platform names it; null until the first click
 *     binds it (the bot learns a message's id only from a click)
 * @param requester the platform-qualified identity that asked
 * @param requesterKey who asked as a person: {@code person:<name>}, or the identity when it is on
 *     no person's list
 * @param pinned what was previewed, opaque to the store (JSON written by the bot)
 * @param state how far the prompt got
 * @param confirmedBy the identity that confirmed, once it has been
 * @param createdAt when it was made
 * @param expiresAt when its buttons stop working
 */
public record Prompt(
    String id,
    String platform,
    String channel,
    String messageRef,
    String requester,
    String requesterKey,
    String pinned,
    State state,
    String confirmedBy,
    Instant createdAt,
    Instant expiresAt) {

  /** How far a prompt got. Only {@link #PENDING} and {@link #CONFIRMED} have live buttons. */
  public enum State {
    /** Shown, nobody has clicked yet. */
    PENDING,
    /** The requester confirmed; a second person must approve. */
    CONFIRMED,
    /** Confirmed (and approved where needed): its operation started. */
    STARTED,
    /** Cancelled by someone. */
    CANCELLED,
    /** What it pinned had changed at the click; a fresh prompt took its place. */
    REPLACED
  }

  public Prompt {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(requester, "requester");
    Objects.requireNonNull(requesterKey, "requesterKey");
    Objects.requireNonNull(pinned, "pinned");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
