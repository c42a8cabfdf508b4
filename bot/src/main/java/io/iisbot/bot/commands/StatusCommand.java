package io.iisbot.bot.commands;

import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatReply;
import io.iisbot.bot.command.Command;
import io.iisbot.bot.command.CommandSpec;
import io.iisbot.bot.command.CommandSpec.TargetRule;
import io.iisbot.bot.command.Invocation;
import io.iisbot.bot.core.CommandServices;
import io.iisbot.bot.core.HostDirectory;
import io.iisbot.bot.core.Replies;
import io.iisbot.bot.policy.Permissions;
import io.iisbot.bot.render.Messages;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code status <target>}: each host's services, sites, pools, workers and requests in flight. */
final class StatusCommand implements Command {

  static final CommandSpec SPEC =
      CommandSpec.builder(
              "status", "status <target>", "show sites, app pools, workers and requests in flight")
          .target(TargetRule.REQUIRED)
          .build();

  private final HostDirectory hosts;
  private final Permissions permissions;

  StatusCommand(CommandServices s) {
    this.hosts = s.hosts();
    this.permissions = s.permissions();
  }

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public ChatReply handle(Invocation call) {
    List<String> names = hosts.resolve(call.command().target());
    Optional<String> denied = permissions.denial(call.caller(), call.permission(), names);
    if (denied.isPresent()) {
      return Replies.notAllowed(denied.get());
    }
    List<ChatMessage> out = new ArrayList<>();
    for (String h : names) {
      out.add(Messages.status(hosts.agent(h).snapshot()));
    }
    return new ChatReply(out, false);
  }
}
