package io.iisbot.bot.command;

import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Renders {@code help} from the {@link CommandRegistry}: the command list, and one command's usage,
 * summary and options. Plain text; immutable and thread-safe.
 */
public final class Help {

  private final CommandRegistry registry;
  private final String commandName;

  public Help(CommandRegistry registry, String commandName) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.commandName = Objects.requireNonNull(commandName, "commandName");
  }

  /** The reply to a parsed {@code help} command: the list, or the topic's details. */
  public String render(ParsedCommand help, Predicate<CommandSpec> visible) {
    if (help.helpTopic() == null) {
      return list(visible);
    }
    return registry.find(help.helpTopic()).map(this::command).orElseGet(() -> list(visible));
  }

  /**
   * One line per command the caller may see: its usage start and summary.
   *
   * @param visible which commands to list, such as those the caller's roles allow
   */
  public String list(Predicate<CommandSpec> visible) {
    List<CommandSpec> shown = registry.all().stream().filter(visible).toList();
    int width = shown.stream().mapToInt(c -> head(c).length()).max().orElse(0);
    StringBuilder b = new StringBuilder("Commands:\n");
    for (CommandSpec c : shown) {
      b.append("  ").append(pad(head(c), width)).append("  ").append(c.summary()).append('\n');
    }
    b.append("Type ")
        .append(commandName)
        .append(' ')
        .append(CommandRegistry.HELP)
        .append(" <command> for its options.");
    return b.toString();
  }

  /** The usage line, the summary, and each option with its default. */
  public String command(CommandSpec spec) {
    StringBuilder b = new StringBuilder(spec.usage(commandName)).append('\n');
    b.append(capitalized(spec.summary())).append('.');
    if (spec.changesState()) {
      b.append(" Asks for confirmation first.");
    }
    b.append('\n');
    if (!spec.options().isEmpty()) {
      int width = spec.options().stream().mapToInt(o -> o.display().length()).max().orElse(0);
      b.append("Options:\n");
      for (OptionSpec o : spec.options()) {
        b.append("  ").append(pad(o.display(), width)).append("  ").append(o.description());
        if (o.defaultValue() != null) {
          b.append(" (default ").append(o.defaultValue()).append(')');
        }
        b.append('\n');
      }
    }
    return b.toString().stripTrailing();
  }

  private String head(CommandSpec c) {
    return commandName + " " + c.name();
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(width - s.length());
  }

  private static String capitalized(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
