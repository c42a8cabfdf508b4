package io.iisbot.bot.commands;

import io.iisbot.adapters.chat.ChatReply;
import io.iisbot.bot.command.Command;
import io.iisbot.bot.command.CommandSpec;
import io.iisbot.bot.command.Invocation;
import io.iisbot.bot.core.Audit;
import io.iisbot.bot.core.CommandServices;
import io.iisbot.bot.core.Schedules;
import io.iisbot.bot.policy.Permissions;
import java.util.Optional;

/** {@code scheduled}: the operations confirmed with {@code --at} that have not started yet. */
final class ScheduledCommand implements Command {

  static final CommandSpec SPEC =
      CommandSpec.builder(
              "scheduled", "scheduled", "list operations scheduled with --at, each with Cancel")
          .build();

  private final Schedules schedules;
  private final Permissions permissions;
  private final Audit audit;

  ScheduledCommand(CommandServices s) {
    this.schedules = s.schedules();
    this.permissions = s.permissions();
    this.audit = s.audit();
  }

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public ChatReply handle(Invocation call) {
    Optional<ChatReply> denied =
        Gate.deniedEverywhere(call, permissions, audit, "ask an iisbot admin to grant it");
    if (denied.isPresent()) {
      return denied.get();
    }
    return ChatReply.post(
        schedules.list(call.platform(), call.channel(), call.caller(), call.permission()));
  }
}
