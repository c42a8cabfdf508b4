package io.iisbot.adapters.chat;

import java.util.List;
import java.util.Objects;

/**
 * The bot's commands as a platform may offer them: Discord registers one subcommand per entry,
 * Teams lists them in its app manifest, the console suggests them. Built by the bot from its
 * command registry, so every platform offers exactly what the parser accepts; a platform turns the
 * options back into the command text the bot parses. Immutable.
 *
 * @param name the command without the slash, such as {@code iis}
 */
public record CommandCatalog(String name, String description, List<Entry> subcommands) {

  /** Where a command's target goes: {@code web01}, {@code @web}, {@code web0*}, a comma list. */
  public static final String TARGET = "target";

  /** The {@code pool:NAME} and {@code site:NAME} scopes. */
  public static final String POOL = "pool";

  public static final String SITE = "site";

  public CommandCatalog {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    subcommands = List.copyOf(subcommands);
  }

  /**
   * One bot command.
   *
   * @param name the command's name, such as {@code stop}
   * @param positional the option whose value follows the subcommand name without a prefix (the
   *     target, or for {@code help} the command name); null when none
   */
  public record Entry(String name, String description, String positional, List<Option> options) {
    public Entry {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(description, "description");
      options = List.copyOf(options);
    }
  }

  /**
   * One option. {@link #TARGET} and the command positional are written bare, {@link #POOL} and
   * {@link #SITE} as {@code pool:NAME} / {@code site:"NAME"}, the others as {@code --name value}
   * ({@code --name} alone for a true {@link Kind#BOOLEAN}).
   */
  public record Option(
      String name,
      String description,
      Kind kind,
      boolean required,
      boolean autocomplete,
      List<String> choices) {

    /** Discord's option types that iisbot uses. */
    public enum Kind {
      STRING,
      INTEGER,
      BOOLEAN
    }

    public Option {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(kind, "kind");
      choices = List.copyOf(choices);
    }
  }
}
