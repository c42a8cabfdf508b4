package io.iisbot.adapters.chat;

import java.util.Objects;

/**
 * A command typed by someone: {@code /iis stop web01}.
 *
 * @param platform {@code slack}, {@code discord}, {@code console}
 * @param channel where it was typed; replies and progress go there
 */
public record ChatCommand(String platform, Caller caller, String channel, String text) {

  public ChatCommand {
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(text, "text");
  }
}
