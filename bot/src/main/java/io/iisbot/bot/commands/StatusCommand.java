package io.iisbot.bot.commands;

import io.iisbot.adapters.chat.ChatReply;
import io.iisbot.bot.command.Command;
import io.iisbot.bot.command.CommandSpec;
import io.iisbot.bot.command.CommandSpec.TargetRule;
import io.iisbot.bot.command.Invocation;
import io.iisbot.bot.core.CommandServices;
import io.iisbot.bot.core.FanOut;
import io.iisbot.bot.core.HostDirectory;
import io.iisbot.bot.core.Replies;
import io.iisbot.bot.policy.Permissions;
import io.iisbot.bot.render.Messages;
import io.iisbot.iis.agent.AgentException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

/** {@code status <target>}: each host's services, sites, pools, workers and requests in flight. */
final class StatusCommand implements Command {

  static final CommandSpec SPEC =
      CommandSpec.builder(
              "status", "status <target>", "show sites, app pools, workers and requests in flight")
          .target(TargetRule.REQUIRED)
          .build();

  private final HostDirectory hosts;
  private final Permissions permissions;
  private final Executor fanOut;

  StatusCommand(CommandServices s) {
    this.hosts = s.hosts();
    this.permissions = s.permissions();
    this.fanOut = s.fanOut();
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
    if (names.size() == 1) {
      // One host: an agent problem is the answer (AgentException becomes "Agent problem").
      return new ChatReply(
          List.of(
              Messages.status(hosts.agent(names.get(0)).snapshot(HostDirectory.STATUS_MAX_AGE))),
          false);
    }
    // Many: all at once, so the command costs its slowest host; a host whose agent does not answer
    // is shown as such, and hides no other.
    List<Messages.HostStatus> answers =
        FanOut.map(
            names,
            FanOut.LIMIT,
            fanOut,
            h -> {
              try {
                return Messages.HostStatus.of(
                    h, hosts.agent(h).snapshot(HostDirectory.STATUS_MAX_AGE));
              } catch (AgentException e) {
                return Messages.HostStatus.unreachable(h, e.getMessage());
              }
            });
    if (answers.size() <= Messages.STATUS_MESSAGES_UP_TO) {
      return new ChatReply(answers.stream().map(Messages::status).toList(), false);
    }
    return new ChatReply(List.of(Messages.fleetStatus(answers)), false);
  }
}
