package io.iisbot.bot.commands;

import io.iisbot.adapters.chat.ChatReply;
import io.iisbot.bot.command.Invocation;
import io.iisbot.bot.core.Audit;
import io.iisbot.bot.core.Replies;
import io.iisbot.bot.policy.Permissions;
import java.util.List;
import java.util.Optional;

/** The check of commands that name no host: may the caller use this command anywhere at all? */
final class Gate {

  private Gate() {}

  /**
   * The refusal, audited, when none of the caller's roles grants the command on any host; empty
   * when one does.
   *
   * @param advice what the caller reads after the reason: who to ask, for what
   */
  static Optional<ChatReply> deniedEverywhere(
      Invocation call, Permissions permissions, Audit audit, String advice) {
    if (permissions.mayEver(call.caller(), call.permission())) {
      return Optional.empty();
    }
    String why = "none of your roles allows " + call.permission();
    audit.denial(call.platform(), call.caller(), call.permission(), List.of(), why);
    return Optional.of(Replies.notAllowed(why + "; " + advice));
  }
}
