package io.iisbot.bot.commands;

import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatMessage.Status;
import io.iisbot.adapters.chat.ChatReply;
import io.iisbot.bot.command.Command;
import io.iisbot.bot.command.CommandSpec;
import io.iisbot.bot.command.CommandSpec.TargetRule;
import io.iisbot.bot.command.Invocation;
import io.iisbot.bot.core.Audit;
import io.iisbot.bot.core.CommandServices;
import io.iisbot.bot.core.HostDirectory;
import io.iisbot.bot.core.LostOperations;
import io.iisbot.bot.core.Replies;
import io.iisbot.bot.policy.Permissions;
import java.util.List;
import java.util.Optional;

/**
 * {@code release <host> --reason "…"}: frees a host whose operation's fate is unknown because its
 * agent stopped answering during it, so that other operations may run there again. For admins: a
 * role must grant {@code release} on the host. Audited with the reason.
 */
final class ReleaseCommand implements Command {

  static final CommandSpec SPEC =
      CommandSpec.builder(
              "release",
              "release <target> [--reason \"text\"]",
              "free a host whose operation's fate is unknown (its agent stopped answering)")
          .target(TargetRule.REQUIRED)
          .options(ChangeCommand.REASON)
          .build();

  private final HostDirectory hosts;
  private final Permissions permissions;
  private final Audit audit;
  private final LostOperations lost;
  private final String commandName;

  ReleaseCommand(CommandServices s) {
    this.hosts = s.hosts();
    this.permissions = s.permissions();
    this.audit = s.audit();
    this.lost = s.lost();
    this.commandName = s.commandName();
  }

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public ChatReply handle(Invocation call) {
    List<String> names = hosts.resolve(call.command().target());
    if (names.size() != 1) {
      return notUnderstood(
          call,
          "release frees one host at a time; "
              + call.command().target().display()
              + " names "
              + names.size());
    }
    String host = names.get(0);
    Optional<String> denied = permissions.denial(call.caller(), call.permission(), names);
    if (denied.isPresent()) {
      audit.denial(call.platform(), call.caller(), call.permission(), names, denied.get());
      return Replies.notAllowed(denied.get());
    }
    String reason = call.command().reason();
    if (reason == null || reason.isBlank()) {
      return Replies.privateReply(
          "Reason needed",
          Status.WARNING,
          "say why with --reason \"…\": freeing a host whose operation may still run is audited",
          "Usage: " + call.usage(commandName));
    }
    LostOperations.Released r = lost.release(host, call.platform(), call.caller(), reason);
    if (!r.freed()) {
      return Replies.privateReply(
          "Nothing to release",
          Status.INFO,
          host
              + " holds no operation whose fate is unknown; a running one ends with Abort on its"
              + " message.");
    }
    return ChatReply.post(
        new ChatMessage(
            "Released " + host,
            Status.WARNING,
            List.of(
                host
                    + " is free: the bot no longer waits for operation "
                    + r.operationId()
                    + " ("
                    + r.action()
                    + "), whose fate is unknown. Last known: "
                    + r.lastKnown()
                    + ".",
                "Check it with " + commandName + " status " + host + " before anything else.",
                "Reason: " + reason),
            List.of(new ChatMessage.Field("Released by", call.caller().displayName())),
            List.of(),
            false,
            true));
  }

  private ChatReply notUnderstood(Invocation call, String why) {
    return Replies.privateReply(
        "Not understood", Status.WARNING, why, "Usage: " + call.usage(commandName));
  }
}
