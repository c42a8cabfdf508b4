package io.iisbot.bot.archfixture;

import io.iisbot.bot.command.ParsedCommand;

/** Breaks the command model on purpose: behaviour chosen by the command's name, outside it. */
public final class SwitchesOnVerbs {

  private SwitchesOnVerbs() {}

  public static String answer(ParsedCommand cmd) {
    return switch (cmd.spec().name()) {
      case "status" -> "status";
      case "stop" -> "stop";
      default -> "not available yet";
    };
  }
}
