package io.iisbot.bot.confirm;

import java.time.Instant;
import java.util.Objects;

/**
 * What a Confirm button stands for: the command exactly as parsed (its text re-parses to the same
 * action, target and options), who asked, where, until when, and whether a second person must
 * approve.
 *
 * @param id unique per prompt; single use is enforced on it in the store
 * @param approvedBy null until a first approval when a second approver is required
 */
public record ConfirmToken(
    String id,
    String command,
    String requester,
    String channel,
    Instant expiresAt,
    boolean secondApprover,
    String approvedBy) {

  public ConfirmToken {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(requester, "requester");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  public ConfirmToken approvedBy(String who) {
    return new ConfirmToken(id, command, requester, channel, expiresAt, secondApprover, who);
  }
}
