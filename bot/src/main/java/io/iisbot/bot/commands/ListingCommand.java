package io.iisbot.bot.commands;

import io.iisbot.adapters.chat.Caller;
import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatReply;
import io.iisbot.bot.command.Command;
import io.iisbot.bot.command.CommandSpec;
import io.iisbot.bot.command.Invocation;
import io.iisbot.bot.core.Audit;
import io.iisbot.bot.core.CommandServices;
import io.iisbot.bot.policy.Permissions;
import java.util.Optional;

/**
 * A command that lists what is pending, each item with its button, for anyone whose roles grant the
 * command somewhere: {@code windows} (open maintenance windows, End now) and {@code scheduled}
 * (operations waiting for their {@code --at}, Cancel).
 */
final class ListingCommand implements Command {

  /** Renders the list for one caller; items on hosts they may not act on show no button. */
  @FunctionalInterface
  interface Lister {
    ChatMessage list(String platform, String channel, Caller caller, String permission);
  }

  private final CommandSpec spec;
  private final Lister lister;
  private final Permissions permissions;
  private final Audit audit;

  private ListingCommand(CommandSpec spec, Lister lister, CommandServices s) {
    this.spec = spec;
    this.lister = lister;
    this.permissions = s.permissions();
    this.audit = s.audit();
  }

  /** {@code windows}: the open maintenance windows, who opened them, why, and when they end. */
  static ListingCommand windows(CommandServices s) {
    return new ListingCommand(
        CommandSpec.builder(
                "windows",
                "windows",
                "list open maintenance windows (stop/suspend --for 30m), each with End now")
            .build(),
        (platform, channel, caller, permission) ->
            s.windows().list(platform, channel, caller, permission),
        s);
  }

  /** {@code scheduled}: the operations confirmed with {@code --at} that have not started yet. */
  static ListingCommand scheduled(CommandServices s) {
    return new ListingCommand(
        CommandSpec.builder(
                "scheduled", "scheduled", "list operations scheduled with --at, each with Cancel")
            .build(),
        (platform, channel, caller, permission) ->
            s.schedules().list(platform, channel, caller, permission),
        s);
  }

  @Override
  public CommandSpec spec() {
    return spec;
  }

  @Override
  public ChatReply handle(Invocation call) {
    Optional<ChatReply> denied =
        Gate.deniedEverywhere(call, permissions, audit, "ask an iisbot admin to grant it");
    if (denied.isPresent()) {
      return denied.get();
    }
    return ChatReply.post(
        lister.list(call.platform(), call.channel(), call.caller(), call.permission()));
  }
}
