package io.iisbot.bot.commands;

import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatMessage.Status;
import io.iisbot.adapters.chat.ChatReply;
import io.iisbot.bot.command.Command;
import io.iisbot.bot.command.CommandSpec;
import io.iisbot.bot.command.CommandSpec.TargetRule;
import io.iisbot.bot.command.Invocation;
import io.iisbot.bot.command.OptionSpec;
import io.iisbot.bot.command.ParsedCommand;
import io.iisbot.bot.core.CommandServices;
import io.iisbot.bot.core.HistoryReader;
import io.iisbot.bot.core.HostDirectory;
import io.iisbot.bot.core.Replies;
import io.iisbot.bot.store.AuditEntry;
import io.iisbot.iis.engine.Action;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code history [<target>] [--user ID] [--action A] [--outcome O]}: the audit trail, newest first,
 * filtered as asked and as the caller may read it (the same reader as the console's).
 */
final class HistoryCommand implements Command {

  static final CommandSpec SPEC =
      CommandSpec.builder(
              "history",
              "history [<target>] [--limit 20] [--user ID] [--action A] [--outcome O]",
              "show past operations, newest first")
          .target(TargetRule.OPTIONAL)
          .options(
              OptionSpec.integer("limit", "20", 20, 1, 200, "how many operations to show"),
              OptionSpec.text(
                  "user",
                  "ID",
                  null,
                  List.of(),
                  "only operations started by this user id (slack:U024BE7LH)"),
              OptionSpec.text(
                  "action", "A", null, names(Action.values()), "only operations of this action"),
              OptionSpec.text(
                  "outcome", "O", null, AuditEntry.OUTCOMES, "only entries with this outcome"))
          .build();

  private final HistoryReader history;
  private final HostDirectory hosts;

  HistoryCommand(CommandServices s) {
    this.history = s.history();
    this.hosts = s.hosts();
  }

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public ChatReply handle(Invocation call) {
    ParsedCommand cmd = call.command();
    ParsedCommand.HistoryFilter f = cmd.filter();
    List<AuditEntry> entries;
    try {
      entries =
          history.read(
              call.caller(),
              new HistoryReader.Request(
                  cmd.target() == null ? null : Set.copyOf(hosts.resolve(cmd.target())),
                  f.user(),
                  f.action() == null ? null : f.action().verb(),
                  f.outcome(),
                  cmd.limit()));
    } catch (HistoryReader.Denied e) {
      return Replies.notAllowed(e.getMessage());
    }
    List<String> lines = entries.stream().map(HistoryCommand::line).toList();
    return ChatReply.post(
        new ChatMessage(
            "History",
            Status.INFO,
            lines.isEmpty() ? List.of("nothing recorded yet") : lines,
            List.of(),
            List.of(),
            true,
            true));
  }

  /** {@code 2026-01-05T09:00:00Z result slack:U1 stop web01 → succeeded}. */
  static String line(AuditEntry e) {
    return e.at()
        + " "
        + e.kind().name().toLowerCase(Locale.ROOT)
        + " "
        + orEmpty(e.user())
        + " "
        + orEmpty(e.action())
        + " "
        + orEmpty(e.host())
        + (e.outcome() == null ? "" : " → " + e.outcome());
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  private static List<String> names(Enum<?>[] values) {
    return Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).toList();
  }
}
