package io.iisbot.bot.core;

import io.iisbot.adapters.chat.Caller;
import io.iisbot.bot.confirm.Pinned;
import java.util.Objects;

/**
 * A confirmed operation about to run: what was pinned, who asked and who let it run, and the
 * message its progress and result replace.
 *
 * @param platform where its message is
 * @param channel the message's channel
 * @param message the message progress and the result replace (the prompt's, for a click)
 * @param startedBy who set it running: the requester who confirmed or the person who approved; null
 *     when the bot starts it itself (a window's end, a scheduled run)
 * @param requester the platform-qualified identity of who asked for it
 * @param pinned what was confirmed: command, hosts, plans, batch, reason
 * @param approver the name of who approved it when policy asked for a second person; null otherwise
 */
public record Launch(
    String platform,
    String channel,
    String message,
    Caller startedBy,
    String requester,
    Pinned pinned,
    String approver) {

  public Launch {
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(requester, "requester");
    Objects.requireNonNull(pinned, "pinned");
  }

  /** Who holds the hosts' leases while it runs: the person who started it, or the bot. */
  String holder() {
    return startedBy == null ? "iisbot" : startedBy.user().toString();
  }
}
