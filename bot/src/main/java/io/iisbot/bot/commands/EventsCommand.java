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
import io.iisbot.bot.core.HostDirectory;
import io.iisbot.bot.core.Replies;
import io.iisbot.bot.policy.Permissions;
import io.iisbot.bot.render.Messages;
import io.iisbot.iis.EventLevel;
import io.iisbot.iis.engine.EventSummary;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** {@code events <target>}: recent IIS and WAS events from each host's Event Log, summarised. */
final class EventsCommand implements Command {

  static final CommandSpec SPEC =
      CommandSpec.builder(
              "events",
              "events <target> [--since 1h] [--level warning]",
              "show recent IIS and WAS events from the Event Log")
          .target(TargetRule.REQUIRED)
          .options(
              OptionSpec.duration("since", "1h", "1h", "1m", "30d", "how far back to look"),
              OptionSpec.text(
                  "level",
                  "warning",
                  "warning",
                  Arrays.stream(EventLevel.values())
                      .map(l -> l.name().toLowerCase(Locale.ROOT))
                      .toList(),
                  "the least severe level shown"))
          .build();

  private final HostDirectory hosts;
  private final Permissions permissions;
  private final Clock clock;

  EventsCommand(CommandServices s) {
    this.hosts = s.hosts();
    this.permissions = s.permissions();
    this.clock = s.clock();
  }

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public ChatReply handle(Invocation call) {
    ParsedCommand cmd = call.command();
    List<String> names = hosts.resolve(cmd.target());
    Optional<String> denied = permissions.denial(call.caller(), call.permission(), names);
    if (denied.isPresent()) {
      return Replies.notAllowed(denied.get());
    }
    Instant until = clock.instant();
    Instant since = until.minus(cmd.since() == null ? Duration.ofHours(1) : cmd.since());
    EventLevel level = cmd.level() == null ? EventLevel.VERBOSE : cmd.level();
    List<ChatMessage> out = new ArrayList<>();
    for (String h : names) {
      EventSummary summary = hosts.agent(h).events(since, until, level).summary();
      out.add(
          new ChatMessage(
              h + " events since " + since,
              Status.INFO,
              List.of(Messages.events(summary)),
              List.of(),
              List.of(),
              false,
              true));
    }
    return new ChatReply(out, false);
  }
}
