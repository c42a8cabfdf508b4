package io.iisbot.bot.core;

import io.iisbot.adapters.chat.ChatAction;
import io.iisbot.adapters.chat.ChatReply;
import java.util.Set;

/**
 * What the buttons with some action ids do: the confirmation prompt's (confirm, approve, cancel)
 * and, as they come, an operation's, a window's or a schedule's. The bot hands each click to the
 * handler registered for its action id; a new kind of button is one handler and one registration in
 * {@link Bot}.
 */
interface ClickHandler {

  /** The action ids this handler answers; no two handlers share one. */
  Set<String> actions();

  /**
   * Answers a click. The caller is already expanded with every account of the same person; the
   * handler checks the button's signed value, where it was clicked and the clicker's permission.
   */
  ChatReply click(ChatAction a);
}
