package io.iisbot.bot.commands;

import io.iisbot.adapters.chat.ChatMessage.Status;
import io.iisbot.adapters.chat.ChatReply;
import io.iisbot.bot.command.Command;
import io.iisbot.bot.command.CommandRegistry;
import io.iisbot.bot.command.CommandSpec;
import io.iisbot.bot.command.Help;
import io.iisbot.bot.command.Invocation;
import io.iisbot.bot.core.CommandServices;
import io.iisbot.bot.core.Replies;
import io.iisbot.bot.policy.Permissions;
import java.util.function.Supplier;

/** {@code help [command]}: the commands the caller may use, or one command's usage and options. */
final class HelpCommand implements Command {

  static final CommandSpec SPEC =
      CommandSpec.builder(
              CommandRegistry.HELP,
              "help [command]",
              "list the commands, or show one command's usage and options")
          .openToAll()
          .build();

  private final String commandName;
  private final Permissions permissions;
  private final Supplier<CommandRegistry> registry;

  /**
   * @param registry the registry this command is part of, asked at each use
   */
  HelpCommand(CommandServices s, Supplier<CommandRegistry> registry) {
    this.commandName = s.commandName();
    this.permissions = s.permissions();
    this.registry = registry;
  }

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public ChatReply handle(Invocation call) {
    String text =
        new Help(registry.get(), commandName)
            .render(
                call.command(),
                spec ->
                    spec.permission()
                        .map(action -> permissions.mayEver(call.caller(), action))
                        .orElse(true));
    return Replies.privateReply("iisbot help", Status.INFO, text);
  }
}
