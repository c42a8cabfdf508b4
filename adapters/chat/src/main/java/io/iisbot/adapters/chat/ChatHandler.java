package io.iisbot.adapters.chat;

/**
 * The bot as every platform adapter sees it: a command or a click in, the messages to show out.
 * Long work (an operation) goes on after the reply and edits its message through the platform's
 * {@link ChatSink}. Implementations are thread-safe.
 */
public interface ChatHandler {

  ChatReply onCommand(ChatCommand command);

  ChatReply onAction(ChatAction action);
}
