package io.iisbot.bot.command;

import io.iisbot.bot.commands.StandardCommands;
import io.iisbot.bot.core.CommandServices;
import java.util.Optional;

/**
 * The standard commands for tests of the grammar alone: their handlers are made over no services,
 * so a test here parses, lists and renders, but never handles.
 */
public final class Grammar {

  private Grammar() {}

  public static CommandRegistry standard() {
    return StandardCommands.create(
        new CommandServices(
            "/iis", null, null, null, null, null, null, Optional::empty, null, null, null, null));
  }
}
