package io.iisbot.adapters.discord;

import com.fasterxml.jackson.databind.JsonNode;
import io.iisbot.adapters.chat.CommandCatalog;
import io.iisbot.adapters.chat.CommandCatalog.Entry;
import io.iisbot.adapters.chat.CommandCatalog.Option;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Turns an invoked {@code /iis} subcommand and its options back into the line the bot's parser
 * reads, so Discord users and Slack users run the very same commands: {@code /iis stop web01
 * pool:Api --drain 30s --force --reason "patch Tuesday"}.
 *
 * <p>The order is the positional option, {@code pool:}, {@code site:}, then the other options in
 * the subcommand's order. A true boolean is {@code --name}, a false one is left out; other values
 * are {@code --name value}. A blank value counts as not given. A value is put in double quotes when
 * the parser would otherwise split or misread it (spaces, quote characters, a leading {@code site:}
 * or {@code pool:}); a {@code "} inside becomes {@code '}. Stateless and thread-safe.
 */
public final class CommandText {

  // Every quote the bot's tokenizer opens a quoted part with, typographic ones included.
  private static final String QUOTES = "\"“”„‟'‘’‚‛«»‹›";

  private CommandText() {}

  /**
   * The command line for one subcommand.
   *
   * @param slashName the command as the parser knows it, with or without the slash: {@code iis}
   * @param values the given options by name: {@code String}, {@code Long}/{@code Integer}, {@code
   *     Boolean}; null values count as not given
   * @throws IllegalArgumentException for an option the subcommand does not have, a value of the
   *     wrong type, or a value the parser would misread: one starting with {@code --} (or the
   *     {@code —}/{@code –} phones make of it) or holding a line break
   */
  public static String of(String slashName, Entry sub, Map<String, Object> values) {
    Objects.requireNonNull(slashName, "slashName");
    Objects.requireNonNull(sub, "sub");
    Objects.requireNonNull(values, "values");
    for (String name : values.keySet()) {
      if (!name.equals(sub.positional()) && option(sub, name) == null) {
        throw new IllegalArgumentException(sub.name() + " has no option \"" + name + "\"");
      }
    }
    StringBuilder b =
        new StringBuilder("/").append(strip(slashName)).append(' ').append(sub.name());
    String positional = sub.positional();
    if (positional != null) {
      String v = text(sub, positional, values.get(positional));
      if (v != null) {
        if (positional.equals(CommandCatalog.TARGET)) {
          // "web01, web02" as typed: the parser reads a list without spaces.
          v = v.replaceAll("\\s*,\\s*", ",");
        }
        b.append(' ').append(word(positional, v));
      }
    }
    for (String scope : new String[] {CommandCatalog.POOL, CommandCatalog.SITE}) {
      String v = scope.equals(positional) ? null : text(sub, scope, values.get(scope));
      if (v != null) {
        b.append(' ').append(scope).append(':').append(word(scope, v));
      }
    }
    for (Option o : sub.options()) {
      String name = o.name();
      Object value = values.get(name);
      if (name.equals(positional)
          || name.equals(CommandCatalog.POOL)
          || name.equals(CommandCatalog.SITE)
          || value == null) {
        continue;
      }
      if (o.kind() == Option.Kind.BOOLEAN) {
        if (!(value instanceof Boolean)) {
          throw wrongType(sub, name, "true or false", value);
        }
        if ((Boolean) value) {
          b.append(" --").append(name);
        }
        continue;
      }
      String v = text(sub, name, value);
      if (v != null) {
        b.append(" --").append(name).append(' ').append(word(name, v));
      }
    }
    return b.toString();
  }

  /**
   * The command line for a Discord {@code APPLICATION_COMMAND} interaction's {@code data}: {@code
   * {"name": "iis", "options": [{"type": 1, "name": "stop", "options": [{"name": "target", "type":
   * 3, "value": "web01"}]}]}}. The command alone, without a subcommand, is {@code /iis}.
   *
   * @throws IllegalArgumentException when the data is not an invocation of {@code command}: another
   *     command, a non-slash command, an unknown subcommand, a subcommand group, or options without
   *     a subcommand; and as {@link #of(String, Entry, Map)}
   */
  public static String of(String slashName, JsonNode interactionData, CommandCatalog command) {
    Objects.requireNonNull(slashName, "slashName");
    Objects.requireNonNull(command, "command");
    if (interactionData == null || !interactionData.isObject()) {
      throw new IllegalArgumentException("the interaction has no data object");
    }
    int type = interactionData.path("type").asInt(1);
    if (type != 1) {
      throw new IllegalArgumentException(
          "the interaction is a command of type " + type + ", not a slash command (type 1)");
    }
    String name = interactionData.path("name").asText();
    if (!name.equals(command.name())) {
      throw new IllegalArgumentException(
          "the interaction is for /" + name + ", not /" + command.name());
    }
    JsonNode options = interactionData.path("options");
    if (options.isEmpty()) {
      return "/" + strip(slashName);
    }
    if (!options.isArray() || !options.get(0).isObject()) {
      throw new IllegalArgumentException("the options of /" + name + " are not a list of options");
    }
    JsonNode first = options.get(0);
    int optionType = first.path("type").asInt();
    if (optionType == 2) {
      throw new IllegalArgumentException(
          "/" + name + " " + first.path("name").asText() + " is a subcommand group; none is known");
    }
    if (optionType != 1) {
      throw new IllegalArgumentException(
          "/"
              + name
              + " was given options but no subcommand (first: \""
              + first.path("name").asText()
              + "\"); every command is a subcommand of /"
              + name);
    }
    String subName = first.path("name").asText();
    Entry sub =
        command.subcommands().stream()
            .filter(s -> s.name().equals(subName))
            .findFirst()
            .orElseThrow(
                () -> new IllegalArgumentException("/" + name + " has no subcommand " + subName));
    Map<String, Object> values = new LinkedHashMap<>();
    for (JsonNode o : first.path("options")) {
      values.put(o.path("name").asText(), value(o.get("value")));
    }
    return of(slashName, sub, values);
  }

  private static Object value(JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isIntegralNumber()) {
      return v.longValue();
    }
    if (v.isNumber()) {
      return v.doubleValue();
    }
    return v.asText();
  }

  private static Option option(Entry sub, String name) {
    return sub.options().stream().filter(o -> o.name().equals(name)).findFirst().orElse(null);
  }

  /** The value as text, stripped, or null when not given or blank. */
  private static String text(Entry sub, String name, Object value) {
    if (value == null) {
      return null;
    }
    Option o = option(sub, name);
    Option.Kind kind = o == null ? Option.Kind.STRING : o.kind();
    switch (kind) {
      case INTEGER:
        if (value instanceof Long || value instanceof Integer || value instanceof Short) {
          return value.toString();
        }
        throw wrongType(sub, name, "a whole number", value);
      case BOOLEAN:
        throw wrongType(sub, name, "text", value);
      default:
        if (!(value instanceof CharSequence)) {
          throw wrongType(sub, name, "text", value);
        }
        String s = value.toString().strip();
        return s.isEmpty() ? null : s;
    }
  }

  /** The value as one word of the command line. */
  private static String word(String name, String value) {
    for (String dashes : new String[] {"--", "—", "–"}) {
      if (value.startsWith(dashes)) {
        throw new IllegalArgumentException(
            "the value of "
                + name
                + " cannot start with "
                + dashes
                + ": the bot would read it as an option");
      }
    }
    if (value
        .chars()
        .anyMatch(c -> c == '\n' || c == '\r' || c == 0x85 || c == 0x2028 || c == 0x2029)) {
      throw new IllegalArgumentException(
          "the value of " + name + " cannot hold a line break: a command is one line");
    }
    String lower = value.toLowerCase(Locale.ROOT);
    boolean quote =
        value.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c))
            || value.chars().anyMatch(c -> QUOTES.indexOf(c) >= 0)
            || lower.startsWith(CommandCatalog.POOL + ":")
            || lower.startsWith(CommandCatalog.SITE + ":");
    return quote ? "\"" + value.replace('"', '\'') + "\"" : value;
  }

  private static IllegalArgumentException wrongType(Entry sub, String name, String want, Object v) {
    return new IllegalArgumentException(
        sub.name()
            + " --"
            + name
            + " takes "
            + want
            + ", was "
            + v.getClass().getSimpleName()
            + " "
            + v);
  }

  private static String strip(String slashName) {
    String s = slashName.strip();
    return s.startsWith("/") ? s.substring(1) : s;
  }
}
