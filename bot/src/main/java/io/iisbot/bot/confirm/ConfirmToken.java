package io.iisbot.bot.confirm;

import java.time.Instant;
import java.util.Objects;

/**
 * What a prompt's buttons carry, signed: the prompt they belong to in the store, and where the
 * prompt was shown. A click on another platform or in another channel is refused before the store
 * is asked; the store binds the prompt to the message of its first click.
 *
 * @param id the prompt's id in the store
 * @param platform the platform that showed it
 * @param channel the channel it was shown in
 */
public record ConfirmToken(String id, String platform, String channel, Instant expiresAt) {

  public ConfirmToken {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
