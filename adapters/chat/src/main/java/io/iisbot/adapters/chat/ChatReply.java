package io.iisbot.adapters.chat;

import java.util.List;

/**
 * What the bot answers to a command or a click: new messages to post, or (for a click) the
 * replacement of the clicked message first.
 */
public record ChatReply(List<ChatMessage> messages, boolean replacesClicked) {

  public ChatReply {
    messages = List.copyOf(messages);
  }

  /** New messages. */
  public static ChatReply post(ChatMessage... m) {
    return new ChatReply(List.of(m), false);
  }

  /** A replacement for the clicked message. */
  public static ChatReply replace(ChatMessage m) {
    return new ChatReply(List.of(m), true);
  }
}
