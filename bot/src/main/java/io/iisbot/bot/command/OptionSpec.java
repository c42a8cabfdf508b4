package io.iisbot.bot.command;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One {@code --option} a command accepts.
 *
 * @param name the name without dashes, lower case: {@code drain}
 * @param type what kind of value follows it
 * @param placeholder the value as shown in usage lines: {@code 90s}, {@code N}, {@code "text"};
 *     empty for a flag
 * @param defaultValue the value used when the option is not given, as typed; {@code null} when
 *     there is none
 * @param min the smallest value allowed, as typed ({@code 1}, {@code 1m}); {@code null} when the
 *     bound is left to the engine or there is none
 * @param max the largest value allowed, as typed; {@code null} as for {@code min}
 * @param choices the only values allowed (lower case), empty when any value of the type goes
 * @param description one line for help
 */
public record OptionSpec(
    String name,
    ValueType type,
    String placeholder,
    String defaultValue,
    String min,
    String max,
    List<String> choices,
    String description) {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");

  /** The kind of value an option takes. */
  public enum ValueType {
    /** {@code 90s}, {@code 2m}, {@code 1m30s}, read by {@link io.iisbot.iis.Durations}. */
    DURATION,
    /** A whole number. */
    INT,
    /** A word, or quoted text with spaces. */
    TEXT,
    /** No value: present or not. */
    FLAG
  }

  public OptionSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(placeholder, "placeholder");
    Objects.requireNonNull(description, "description");
    choices = List.copyOf(choices);
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("an option name is lower-case letters, was " + name);
    }
    if (type == ValueType.FLAG
        && (defaultValue != null || min != null || max != null || !placeholder.isEmpty())) {
      throw new IllegalArgumentException("--" + name + " is a flag and takes no value");
    }
    if (type != ValueType.FLAG && placeholder.isEmpty()) {
      throw new IllegalArgumentException("--" + name + " needs a placeholder for usage lines");
    }
    if (description.isBlank()) {
      throw new IllegalArgumentException("--" + name + " needs a description");
    }
    for (String c : choices) {
      if (!c.equals(c.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException("--" + name + " choices are lower case, was " + c);
      }
    }
  }

  /** A flag such as {@code --force}. */
  public static OptionSpec flag(String name, String description) {
    return new OptionSpec(name, ValueType.FLAG, "", null, null, null, List.of(), description);
  }

  /** A duration option; {@code min}/{@code max} may be {@code null} when the engine checks them. */
  public static OptionSpec duration(
      String name, String placeholder, String defaultValue, String min, String max, String d) {
    return new OptionSpec(
        name, ValueType.DURATION, placeholder, defaultValue, min, max, List.of(), d);
  }

  /** A whole-number option between {@code min} and {@code max}. */
  public static OptionSpec integer(
      String name, String placeholder, int defaultValue, int min, int max, String d) {
    return new OptionSpec(
        name,
        ValueType.INT,
        placeholder,
        Integer.toString(defaultValue),
        Integer.toString(min),
        Integer.toString(max),
        List.of(),
        d);
  }

  /** A text option, any value or one of {@code choices}. */
  public static OptionSpec text(
      String name, String placeholder, String defaultValue, List<String> choices, String d) {
    return new OptionSpec(name, ValueType.TEXT, placeholder, defaultValue, null, null, choices, d);
  }

  /** As in a usage line: {@code --drain 90s}, {@code --force}. */
  public String display() {
    return placeholder.isEmpty() ? "--" + name : "--" + name + " " + placeholder;
  }
}
