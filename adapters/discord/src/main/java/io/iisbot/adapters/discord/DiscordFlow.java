package io.iisbot.adapters.discord;

import io.iisbot.adapters.chat.AnswerBudget;
import io.iisbot.adapters.chat.Caller;
import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatReply;
import io.iisbot.adapters.chat.Identity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** What both Discord modes share: who is asking, and answering within Discord's 3 s. */
final class DiscordFlow {

  /** How long the bot may think before the interaction is deferred. */
  static final Duration ANSWER_BUDGET = Duration.ofMillis(2_000);

  static final String PLATFORM = "discord";

  private final AnswerBudget budget;

  DiscordFlow(ExecutorService executor) {
    this.budget = new AnswerBudget(executor, ANSWER_BUDGET);
  }

  /**
   * {@code discord:<user>} and, in a server, {@code discord-role:<role>} for each of the member's
   * roles; in a direct message there is no member and so no role.
   */
  static Caller caller(String userId, String displayName, List<String> roleIds) {
    List<Identity> roles = new ArrayList<>();
    roleIds.forEach(r -> roles.add(Identity.parse("discord-role:" + r)));
    return new Caller(
        Identity.parse("discord:" + userId),
        roles,
        displayName == null || displayName.isBlank() ? userId : displayName);
  }

  /** Runs the bot's work within {@link #ANSWER_BUDGET}: see {@link AnswerBudget#within}. */
  Optional<ChatReply> within(Supplier<ChatReply> work, Runnable defer, Consumer<ChatReply> late) {
    return budget.within(work, defer, late);
  }

  void later(Runnable r) {
    budget.later(r);
  }

  /** Where an interaction's answers go after the first: its original message and followups. */
  interface Outlet {
    void editOriginal(ChatMessage m);

    void deleteOriginal();

    void followup(ChatMessage m);

    /** Every message after the first, as followups. */
    default void followups(List<ChatMessage> ms) {
      ms.subList(Math.min(1, ms.size()), ms.size()).forEach(this::followup);
    }
  }

  /**
   * A command's answer after a deferred reply: the "thinking…" placeholder becomes the first
   * message, or, when that one is private, is removed for an ephemeral followup (a deferred reply
   * cannot turn private afterwards).
   */
  static void finishCommand(ChatReply r, Outlet o) {
    ChatMessage first = r.messages().get(0);
    if (first.ephemeral()) {
      o.deleteOriginal();
      o.followup(first);
    } else {
      o.editOriginal(first);
    }
    o.followups(r.messages());
  }

  /**
   * A click's answer after a deferred update: the clicked message, when replaced, then followups.
   */
  static void finishClick(ChatReply r, Outlet o) {
    if (r.replacesClicked()) {
      o.editOriginal(r.messages().get(0));
    } else {
      o.followup(r.messages().get(0));
    }
    o.followups(r.messages());
  }
}
