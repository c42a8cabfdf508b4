package io.iisbot.adapters.chat;

/**
 * Where the bot's messages go on one platform: post a message in a channel, edit it later. The bot
 * calls this from its own threads; implementations are thread-safe.
 */
public interface ChatSink {

  /**
   * Posts a message for everyone in the channel (or only for {@code onlyFor} when the message is
   * ephemeral) and returns its id for later edits.
   */
  String post(String channel, Caller onlyFor, ChatMessage message);

  /** Replaces a posted message's content. */
  void update(String channel, String messageId, ChatMessage message);
}
