package io.iisbot.bot.core;

import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatMessage.Status;
import io.iisbot.adapters.chat.ChatReply;
import java.util.List;

/** The short answers only the caller sees: refusals, usage errors, links. */
public final class Replies {

  private Replies() {}

  /** A message only the caller sees. */
  public static ChatMessage privately(String title, Status status, String... lines) {
    return ChatMessage.privateReply(title, status, List.of(lines));
  }

  /** A new message only the caller sees, as a reply. */
  public static ChatReply privateReply(String title, Status status, String... lines) {
    return ChatReply.post(privately(title, status, lines));
  }

  /** "Not allowed", with the reason the permissions gave. */
  public static ChatReply notAllowed(String why) {
    return privateReply("Not allowed", Status.DENIED, why);
  }
}
