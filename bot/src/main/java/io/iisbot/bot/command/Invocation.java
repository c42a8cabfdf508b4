package io.iisbot.bot.command;

import io.iisbot.adapters.chat.Caller;
import java.util.Objects;

/**
 * One command as it reached the bot: who typed what where, and what it was understood to mean.
 *
 * @param platform the chat platform, such as {@code slack}
 * @param caller who typed it, with every identity and membership that counts for permissions
 * @param channel where it was typed
 * @param text the line as typed
 * @param command the line parsed against the registry
 */
public record Invocation(
    String platform, Caller caller, String channel, String text, ParsedCommand command) {

  public Invocation {
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(command, "command");
  }

  /**
   * The word a role must grant for this command, as roles and policies list it under {@code
   * actions:}.
   *
   * @throws IllegalStateException for a command open to all, which needs none
   */
  public String permission() {
    return command
        .spec()
        .permission()
        .orElseThrow(() -> new IllegalStateException("an open command needs no permission"));
  }

  /** The usage line of the command, with the command name users type. */
  public String usage(String commandName) {
    return command.spec().usage(commandName);
  }
}
