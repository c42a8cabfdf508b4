package io.iisbot.bot.command;

import io.iisbot.bot.command.CommandSpec.Kind;
import io.iisbot.bot.command.CommandSpec.ScopeKind;
import io.iisbot.bot.command.CommandSpec.TargetRule;
import io.iisbot.iis.engine.Action;
import io.iisbot.iis.engine.Outcome;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The commands iisbot understands, in the order help lists them. Immutable and thread-safe.
 *
 * <p>{@link #standard()} declares the commands of DESIGN §3.2; help, Discord registration and
 * {@link CommandParser} read nothing else.
 */
public final class CommandRegistry {

  /** The name of the help command, whose argument is a command name rather than a target. */
  public static final String HELP = "help";

  private static final Set<ScopeKind> SITE_OR_POOL = Set.of(ScopeKind.SITE, ScopeKind.POOL);

  static final OptionSpec REASON =
      OptionSpec.text("reason", "\"text\"", null, List.of(), "why; recorded and shown to everyone");
  static final OptionSpec BATCH =
      OptionSpec.integer(
          "batch", "N", 1, 1, 50, "how many hosts at a time when the target names several");
  static final OptionSpec DRAIN =
      OptionSpec.duration(
          "drain",
          "90s",
          "90s",
          null,
          null,
          "how long requests in flight get to finish once the sites take no new ones (1s to 1h)");
  static final OptionSpec FORCE =
      OptionSpec.flag("force", "kill worker processes still running after the deadline");
  static final OptionSpec ALL =
      OptionSpec.flag("all", "with a whole host: WAS and its dependent services too");
  static final OptionSpec PERSIST =
      OptionSpec.flag("persist", "also turn off auto-start so it stays so after a reboot");
  static final OptionSpec FOR =
      OptionSpec.duration(
          "for", "30m", null, "1m", "24h", "a maintenance window: undo it by itself after this");

  private final List<CommandSpec> commands;

  /**
   * @throws IllegalArgumentException when two commands share a name
   */
  public CommandRegistry(List<CommandSpec> commands) {
    this.commands = List.copyOf(commands);
    Set<String> seen = new HashSet<>();
    for (CommandSpec c : this.commands) {
      if (!seen.add(c.name())) {
        throw new IllegalArgumentException("two commands are named " + c.name());
      }
    }
  }

  /** The commands of DESIGN §3.2. */
  public static CommandRegistry standard() {
    return new CommandRegistry(
        List.of(
            new CommandSpec(
                HELP,
                "help [command]",
                "list the commands, or show one command's usage and options",
                Kind.READ,
                null,
                false,
                TargetRule.NONE,
                Set.of(),
                false,
                List.of()),
            new CommandSpec(
                "status",
                "status <target>",
                "show sites, app pools, workers and requests in flight",
                Kind.READ,
                null,
                false,
                TargetRule.REQUIRED,
                Set.of(),
                false,
                List.of()),
            change(
                Action.STOP,
                "stop <target> [site:NAME | pool:NAME] [--all] [--drain 90s] [--force] [--persist]"
                    + " [--batch N] [--reason \"text\"] [--for 30m]",
                "stop IIS, a site or an app pool, letting requests in flight finish",
                true,
                SITE_OR_POOL,
                List.of(ALL, DRAIN, FORCE, PERSIST, BATCH, REASON, FOR)),
            change(
                Action.START,
                "start <target> [site:NAME | pool:NAME] [--batch N] [--reason \"text\"]",
                "start IIS, a site or an app pool again",
                false,
                SITE_OR_POOL,
                List.of(BATCH, REASON)),
            change(
                Action.SUSPEND,
                "suspend <target> [site:NAME | pool:NAME] [--drain 90s] [--persist] [--batch N]"
                    + " [--reason \"text\"] [--for 30m]",
                "stop the sites taking requests but keep app pools and workers warm",
                true,
                SITE_OR_POOL,
                List.of(DRAIN, PERSIST, BATCH, REASON, FOR)),
            change(
                Action.RESUME,
                "resume <target> [site:NAME | pool:NAME] [--batch N] [--reason \"text\"]",
                "let suspended sites take requests again",
                false,
                SITE_OR_POOL,
                List.of(BATCH, REASON)),
            new CommandSpec(
                "recycle",
                "recycle <target> pool:NAME [--batch N] [--reason \"text\"]",
                "recycle an app pool: new workers start before the old ones leave",
                Kind.CHANGE,
                Action.RECYCLE,
                true,
                TargetRule.REQUIRED,
                Set.of(ScopeKind.POOL),
                true,
                List.of(BATCH, REASON)),
            change(
                Action.RESET,
                "reset <target> [--all] [--drain 90s] [--force] [--batch N] [--reason \"text\"]",
                "stop and start IIS on the whole host, as iisreset does, but gracefully",
                true,
                Set.of(),
                List.of(ALL, DRAIN, FORCE, BATCH, REASON)),
            new CommandSpec(
                "events",
                "events <target> [--since 1h] [--level warning]",
                "show recent IIS and WAS events from the Event Log",
                Kind.READ,
                null,
                false,
                TargetRule.REQUIRED,
                Set.of(),
                false,
                List.of(
                    OptionSpec.duration("since", "1h", "1h", "1m", "30d", "how far back to look"),
                    OptionSpec.text(
                        "level",
                        "warning",
                        "warning",
                        names(io.iisbot.iis.EventLevel.values()),
                        "the least severe level shown"))),
            new CommandSpec(
                "history",
                "history [<target>] [--limit 20] [--user ID] [--action A] [--outcome O]",
                "show past operations, newest first",
                Kind.READ,
                null,
                false,
                TargetRule.OPTIONAL,
                Set.of(),
                false,
                List.of(
                    OptionSpec.integer("limit", "20", 20, 1, 200, "how many operations to show"),
                    OptionSpec.text(
                        "user",
                        "ID",
                        null,
                        List.of(),
                        "only operations started by this user id (slack:U024BE7LH)"),
                    OptionSpec.text(
                        "action",
                        "A",
                        null,
                        names(Action.values()),
                        "only operations of this action"),
                    OptionSpec.text(
                        "outcome",
                        "O",
                        null,
                        names(Outcome.values()),
                        "only operations that ended so"))),
            new CommandSpec(
                "windows",
                "windows",
                "show open maintenance windows and when they end",
                Kind.READ,
                null,
                false,
                TargetRule.NONE,
                Set.of(),
                false,
                List.of()),
            new CommandSpec(
                "console",
                "console",
                "send you, and only you, a sign-in link for the web console",
                Kind.SESSION,
                null,
                false,
                TargetRule.NONE,
                Set.of(),
                false,
                List.of())));
  }

  private static CommandSpec change(
      Action action,
      String usage,
      String summary,
      boolean destructive,
      Set<ScopeKind> scopes,
      List<OptionSpec> options) {
    return new CommandSpec(
        action.verb(),
        usage,
        summary,
        Kind.CHANGE,
        action,
        destructive,
        TargetRule.REQUIRED,
        scopes,
        false,
        options);
  }

  private static List<String> names(Enum<?>[] values) {
    return Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).toList();
  }

  /** Every command, in help order. */
  public List<CommandSpec> all() {
    return commands;
  }

  /** The command of that name, case-insensitively. */
  public Optional<CommandSpec> find(String name) {
    return commands.stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst();
  }

  /** The command names, in help order. */
  public List<String> names() {
    return commands.stream().map(CommandSpec::name).toList();
  }
}
