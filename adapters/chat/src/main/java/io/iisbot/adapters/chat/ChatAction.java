package io.iisbot.adapters.chat;

import java.util.Objects;

/**
 * A button clicked: the action id and value the button carried, on which message.
 *
 * @param message the id of the message whose button was clicked
 */
public record ChatAction(
    String platform, Caller caller, String channel, String message, String action, String value) {

  public ChatAction {
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(action, "action");
    value = value == null ? "" : value;
  }
}
