package io.iisbot.bot.command;

import io.iisbot.adapters.chat.ChatReply;

/**
 * One command of {@code /iis}: its grammar and its handler, registered once in a {@link
 * CommandRegistry}. The parser, {@code help}, the catalog platforms register (Discord's slash
 * command, the console's completions), permission checks and dispatch all read the registry, so a
 * new command is one class implementing this and one line in the list of commands.
 *
 * <p>The permission a role must grant is {@link CommandSpec#permission()}; whether the command
 * changes IIS (and so asks for confirmation) is {@link CommandSpec#changesState()}.
 */
public interface Command {

  /** The grammar: name, usage, summary, target, scopes, options and the permission it needs. */
  CommandSpec spec();

  /**
   * Answers one parsed invocation of this command. Called on the platform's request thread: return
   * quickly, and run anything long on an executor.
   */
  ChatReply handle(Invocation call);
}
