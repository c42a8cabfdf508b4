package io.iisbot.adapters.discord;

import io.iisbot.adapters.chat.CommandCatalog;
import io.iisbot.adapters.chat.CommandCatalog.Entry;
import io.iisbot.adapters.chat.CommandCatalog.Option;
import io.iisbot.adapters.chat.CommandCatalog.Option.Kind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A {@link CommandCatalog} within Discord's rules for registering it, what {@link SlashCommandJson}
 * writes as JSON and as JDA data alike. What can be fixed is fixed: long descriptions are cut with
 * {@code …}, required options move before optional ones, autocomplete is dropped where Discord
 * refuses it. Anything else is refused naming the offender. Immutable.
 */
record SlashSchema(String name, String description, List<SubSchema> subs) {

  /** One subcommand. */
  record SubSchema(String name, String description, List<OptionSchema> options) {}

  /**
   * One option.
   *
   * @param type Discord's option type: 3 string, 4 integer, 5 boolean
   */
  record OptionSchema(
      int type,
      String name,
      String description,
      boolean required,
      boolean autocomplete,
      List<String> choices) {}

  static final int MAX_SUBCOMMANDS = 25;
  static final int MAX_OPTIONS = 25;
  static final int MAX_CHOICES = 25;
  static final int DESCRIPTION_MAX = 100;
  static final int CHOICE_MAX = 100;

  /**
   * All names, descriptions and choices of one command together (Discord raised it from 4,000 to
   * 8,000 in 2024).
   */
  static final int COMMAND_SIZE_MAX = 8000;

  private static final Pattern NAME = Pattern.compile("[-_\\p{L}\\p{N}]{1,32}");

  SlashSchema {
    subs = List.copyOf(subs);
  }

  /**
   * @throws IllegalArgumentException naming what Discord would refuse and cannot be fixed here
   */
  static SlashSchema of(CommandCatalog c) {
    String command = "/" + c.name();
    name(c.name(), "the command " + command);
    if (c.subcommands().size() > MAX_SUBCOMMANDS) {
      throw new IllegalArgumentException(
          "Discord takes at most "
              + MAX_SUBCOMMANDS
              + " subcommands, "
              + command
              + " has "
              + c.subcommands().size());
    }
    Set<String> seen = new HashSet<>();
    List<SubSchema> subs = new ArrayList<>();
    for (Entry s : c.subcommands()) {
      String what = command + " " + s.name();
      name(s.name(), "the subcommand " + what);
      if (!seen.add(s.name())) {
        throw new IllegalArgumentException(command + " has two subcommands named " + s.name());
      }
      subs.add(new SubSchema(s.name(), description(s.description(), what), options(s, what)));
    }
    SlashSchema schema = new SlashSchema(c.name(), description(c.description(), command), subs);
    int size = schema.size();
    if (size > COMMAND_SIZE_MAX) {
      throw new IllegalArgumentException(
          "Discord takes at most "
              + COMMAND_SIZE_MAX
              + " characters of names, descriptions and choices in one command; "
              + command
              + " has "
              + size
              + " (shorten the descriptions)");
    }
    return schema;
  }

  private static List<OptionSchema> options(Entry s, String sub) {
    if (s.options().size() > MAX_OPTIONS) {
      throw new IllegalArgumentException(
          "Discord takes at most "
              + MAX_OPTIONS
              + " options, "
              + sub
              + " has "
              + s.options().size());
    }
    if (s.positional() != null
        && s.options().stream().noneMatch(o -> o.name().equals(s.positional()))) {
      throw new IllegalArgumentException(
          sub + ": the positional \"" + s.positional() + "\" is none of its options");
    }
    Set<String> seen = new HashSet<>();
    List<OptionSchema> out = new ArrayList<>();
    for (Option o : s.options()) {
      String what = sub + " --" + o.name();
      name(o.name(), "the option " + what);
      if (!seen.add(o.name())) {
        throw new IllegalArgumentException(sub + " has two options named " + o.name());
      }
      out.add(option(o, what));
    }
    // Discord wants required options first; a stable sort keeps the rest in order.
    out.sort(Comparator.comparing(o -> !o.required()));
    return out;
  }

  private static OptionSchema option(Option o, String what) {
    List<String> choices = o.choices();
    if (choices.size() > MAX_CHOICES) {
      throw new IllegalArgumentException(
          "Discord takes at most " + MAX_CHOICES + " choices, " + what + " has " + choices.size());
    }
    if (!choices.isEmpty() && o.kind() == Kind.BOOLEAN) {
      throw new IllegalArgumentException(what + " is true or false and cannot have choices");
    }
    for (String choice : choices) {
      if (choice.isEmpty() || choice.length() > CHOICE_MAX) {
        throw new IllegalArgumentException(
            what
                + ": a choice is 1 to "
                + CHOICE_MAX
                + " characters, was "
                + choice.length()
                + " (\""
                + DiscordText.cut(choice, 40)
                + "\")");
      }
      if (o.kind() == Kind.INTEGER && !choice.matches("-?[0-9]{1,15}")) {
        throw new IllegalArgumentException(
            what + " takes whole numbers, but has the choice \"" + choice + "\"");
      }
    }
    // Discord refuses autocomplete with choices (the choices are the picker) and on booleans.
    boolean autocomplete = o.autocomplete() && choices.isEmpty() && o.kind() != Kind.BOOLEAN;
    return new OptionSchema(
        type(o.kind()),
        o.name(),
        description(o.description(), what),
        o.required(),
        autocomplete,
        choices);
  }

  static int type(Kind kind) {
    switch (kind) {
      case INTEGER:
        return 4;
      case BOOLEAN:
        return 5;
      default:
        return 3;
    }
  }

  private static void name(String name, String what) {
    if (!NAME.matcher(name).matches() || !name.equals(name.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException(
          "Discord takes names of 1 to 32 lower-case letters, digits, - and _; "
              + what
              + " is not one");
    }
  }

  private static String description(String raw, String what) {
    String d = DiscordText.oneLine(raw).replaceAll("\\s+", " ");
    if (d.isEmpty()) {
      throw new IllegalArgumentException(
          what + " has no description (Discord shows 1 to " + DESCRIPTION_MAX + " characters)");
    }
    if (d.length() <= DESCRIPTION_MAX) {
      return d;
    }
    int end = DESCRIPTION_MAX - 1;
    if (Character.isHighSurrogate(d.charAt(end - 1))) {
      end--;
    }
    return d.substring(0, end) + "…";
  }

  /** The characters Discord counts against {@link #COMMAND_SIZE_MAX}. */
  int size() {
    int n = name.length() + description.length();
    for (SubSchema s : subs) {
      n += s.name().length() + s.description().length();
      for (OptionSchema o : s.options()) {
        n += o.name().length() + o.description().length();
        // Each choice is its name and its value, the same text.
        n += o.choices().stream().mapToInt(ch -> 2 * ch.length()).sum();
      }
    }
    return n;
  }
}
