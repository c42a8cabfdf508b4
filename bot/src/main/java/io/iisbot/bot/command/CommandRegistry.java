package io.iisbot.bot.command;

import io.iisbot.adapters.chat.CommandCatalog;
import io.iisbot.adapters.chat.CommandCatalog.Option;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The commands iisbot understands, each with its handler, in the order help lists them. The parser,
 * {@link Help}, the {@linkplain #catalog catalog} platforms register, the permission vocabulary and
 * dispatch read nothing else. Immutable and thread-safe.
 */
public final class CommandRegistry {

  /** The name of the help command, whose argument is a command name rather than a target. */
  public static final String HELP = "help";

  private final Map<String, Command> commands = new LinkedHashMap<>();

  /**
   * @throws IllegalArgumentException when two commands share a name, or there is no {@code help}
   */
  public CommandRegistry(List<? extends Command> commands) {
    for (Command c : commands) {
      if (this.commands.putIfAbsent(c.spec().name(), c) != null) {
        throw new IllegalArgumentException("two commands are named " + c.spec().name());
      }
    }
    if (!this.commands.containsKey(HELP)) {
      throw new IllegalArgumentException("a registry needs a " + HELP + " command");
    }
  }

  /** Every command's grammar, in help order. */
  public List<CommandSpec> all() {
    return commands.values().stream().map(Command::spec).toList();
  }

  /** The command of that name, case-insensitively. */
  public Optional<CommandSpec> find(String name) {
    return all().stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst();
  }

  /** The command names, in help order. */
  public List<String> names() {
    return List.copyOf(commands.keySet());
  }

  /**
   * The handler of a parsed command.
   *
   * @throws IllegalArgumentException when it was parsed against another registry
   */
  public Command command(ParsedCommand parsed) {
    Command c = commands.get(parsed.spec().name());
    if (c == null || !c.spec().equals(parsed.spec())) {
      throw new IllegalArgumentException(parsed.spec().name() + " is not of this registry");
    }
    return c;
  }

  /**
   * The words roles and policies may list under {@code actions:}: each command's permission, in
   * help order.
   */
  public Set<String> permissions() {
    Set<String> out = new LinkedHashSet<>();
    all().forEach(c -> c.permission().ifPresent(out::add));
    return out;
  }

  /**
   * The commands as platforms offer them: one command named like {@code commandName} (without its
   * slash) with a subcommand per command, its target, scope and options.
   */
  public CommandCatalog catalog(String commandName, String description) {
    List<CommandCatalog.Entry> subs = new ArrayList<>();
    for (CommandSpec c : all()) {
      subs.add(entry(c));
    }
    return new CommandCatalog(
        commandName.startsWith("/") ? commandName.substring(1) : commandName, description, subs);
  }

  private CommandCatalog.Entry entry(CommandSpec c) {
    List<Option> options = new ArrayList<>();
    String positional = null;
    if (c.name().equals(HELP)) {
      positional = "command";
      options.add(
          new Option(
              "command",
              "the command to explain",
              Option.Kind.STRING,
              false,
              false,
              names().stream().filter(n -> !n.equals(HELP)).toList()));
    } else if (c.target() != CommandSpec.TargetRule.NONE) {
      positional = CommandCatalog.TARGET;
      options.add(
          new Option(
              CommandCatalog.TARGET,
              "a host (web01), a group (@web), a glob (web0*) or a comma list",
              Option.Kind.STRING,
              c.target() == CommandSpec.TargetRule.REQUIRED,
              true,
              List.of()));
    }
    boolean onlyScope = c.scopes().size() == 1 && c.scopeRequired();
    if (c.scopes().contains(CommandSpec.ScopeKind.POOL)) {
      options.add(
          new Option(
              CommandCatalog.POOL,
              "only this app pool",
              Option.Kind.STRING,
              onlyScope,
              true,
              List.of()));
    }
    if (c.scopes().contains(CommandSpec.ScopeKind.SITE)) {
      options.add(
          new Option(
              CommandCatalog.SITE,
              "only this site",
              Option.Kind.STRING,
              onlyScope,
              true,
              List.of()));
    }
    for (OptionSpec o : c.options()) {
      options.add(
          new Option(
              o.name(),
              o.description(),
              switch (o.type()) {
                case FLAG -> Option.Kind.BOOLEAN;
                case INT -> Option.Kind.INTEGER;
                case DURATION, TEXT -> Option.Kind.STRING;
              },
              false,
              false,
              o.choices()));
    }
    return new CommandCatalog.Entry(c.name(), c.summary(), positional, options);
  }
}
