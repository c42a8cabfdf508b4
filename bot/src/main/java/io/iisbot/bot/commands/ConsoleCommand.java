package io.iisbot.bot.commands;

import io.iisbot.adapters.chat.ChatMessage.Status;
import io.iisbot.adapters.chat.ChatReply;
import io.iisbot.adapters.chat.Identity;
import io.iisbot.adapters.chat.SignInLinks;
import io.iisbot.bot.command.Command;
import io.iisbot.bot.command.CommandSpec;
import io.iisbot.bot.command.Invocation;
import io.iisbot.bot.core.Audit;
import io.iisbot.bot.core.CommandServices;
import io.iisbot.bot.core.Replies;
import io.iisbot.bot.policy.Permissions;
import io.iisbot.iis.Durations;
import java.net.URI;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** {@code console}: a single-use sign-in link for the web console, shown only to the caller. */
final class ConsoleCommand implements Command {

  static final CommandSpec SPEC =
      CommandSpec.builder(
              "console", "console", "send you, and only you, a sign-in link for the web console")
          .session()
          .build();

  private final Supplier<Optional<SignInLinks>> signIn;
  private final Permissions permissions;
  private final Audit audit;

  ConsoleCommand(CommandServices s) {
    this.signIn = s.signIn();
    this.permissions = s.permissions();
    this.audit = s.audit();
  }

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public ChatReply handle(Invocation call) {
    Optional<SignInLinks> links = signIn.get();
    if (links.isEmpty()) {
      return Replies.privateReply(
          "Console turned off",
          Status.INFO,
          "The web console is turned off in this bot's configuration (console.enabled).");
    }
    Optional<ChatReply> denied =
        Gate.deniedEverywhere(
            call,
            permissions,
            audit,
            "ask an iisbot admin to grant `console` to one of your ids: "
                + call.caller().identities().stream()
                    .map(Identity::toString)
                    .collect(Collectors.joining(", ")));
    if (denied.isPresent()) {
      return denied.get();
    }
    URI link = links.get().issue(call.caller());
    return Replies.privateReply(
        "Your console sign-in link",
        Status.INFO,
        link.toString(),
        "It works once, within "
            + Durations.format(links.get().validity())
            + ", and signs you in as "
            + call.caller().user()
            + ". What you may do there is checked at every click, as here. Do not share it.");
  }
}
