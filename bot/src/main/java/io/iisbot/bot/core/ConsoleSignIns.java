package io.iisbot.bot.core;

import io.iisbot.adapters.chat.ChatCommand;
import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatMessage.Status;
import io.iisbot.bot.store.AuditEntry;

/** {@code /iis console}: sign-in links for the web console. Thread-safe. */
final class ConsoleSignIns {

  private final BotContext ctx;

  ConsoleSignIns(BotContext ctx) {
    this.ctx = ctx;
  }

  /** {@code /iis console}: a sign-in link only the caller sees, for someone allowed the console. */
  ChatMessage answer(ChatCommand c) {
    if (ctx.p.signIn() == null) {
      return BotContext.privately(
          "Console turned off",
          Status.INFO,
          "The web console is turned off in this bot's configuration (console.enabled).");
    }
    if (!ctx.p.permissions().mayEver(c.caller(), "console")) {
      ctx.audit(
          AuditEntry.Kind.DENIAL,
          c.platform(),
          c.caller(),
          null,
          "console",
          null,
          null,
          "denied",
          "no role grants console");
      return BotContext.privately(
          "Not allowed",
          Status.DENIED,
          "None of your roles allows the web console. Ask an iisbot admin to grant `console` to"
              + " one of your ids: "
              + c.caller().identities().stream()
                  .map(Object::toString)
                  .collect(java.util.stream.Collectors.joining(", ")));
    }
    java.net.URI link = ctx.p.signIn().issue(c.caller());
    return BotContext.privately(
        "Your console sign-in link",
        Status.INFO,
        link.toString(),
        "It works once, within "
            + io.iisbot.iis.Durations.format(ctx.p.signIn().validity())
            + ", and signs you in as "
            + c.caller().user()
            + ". What you may do there is checked at every click, as here. Do not share it.");
  }
}
