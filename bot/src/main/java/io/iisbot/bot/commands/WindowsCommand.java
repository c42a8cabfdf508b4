package io.iisbot.bot.commands;

import io.iisbot.adapters.chat.ChatReply;
import io.iisbot.bot.command.Command;
import io.iisbot.bot.command.CommandSpec;
import io.iisbot.bot.command.Invocation;
import io.iisbot.bot.core.Audit;
import io.iisbot.bot.core.CommandServices;
import io.iisbot.bot.core.Windows;
import io.iisbot.bot.policy.Permissions;
import java.util.Optional;

/** {@code windows}: the open maintenance windows, who opened them, why, and when they end. */
final class WindowsCommand implements Command {

  static final CommandSpec SPEC =
      CommandSpec.builder(
              "windows",
              "windows",
              "list open maintenance windows (stop/suspend --for 30m), each with End now")
          .build();

  private final Windows windows;
  private final Permissions permissions;
  private final Audit audit;

  WindowsCommand(CommandServices s) {
    this.windows = s.windows();
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
        windows.list(call.platform(), call.channel(), call.caller(), call.permission()));
  }
}
