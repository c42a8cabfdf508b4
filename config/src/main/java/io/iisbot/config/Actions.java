package io.iisbot.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What roles allow and policies apply to: the permission words of the bot's commands ({@code stop},
 * {@code status}, {@code console}), written in any case, or {@value #ANY} for all of them. The
 * configuration checks their spelling; which words exist is the bot's command registry's to say
 * ({@link BotConfig#requireKnownActions}), so a new command needs no change here.
 */
final class Actions {

  /** Every action, present and future. */
  static final String ANY = "*";

  private static final Pattern WORD = Pattern.compile("[a-z][a-z0-9-]{0,31}");

  private Actions() {}

  /** A problem with {@code text} as an action, or null when it is one. */
  static String check(String text) {
    String t = normal(text);
    return t.equals(ANY) || WORD.matcher(t).matches()
        ? null
        : "not an action: "
            + Checks.quote(text)
            + " (a command such as stop or status, in letters, or *)";
  }

  /** As compared: stripped, lower case. */
  static String normal(String text) {
    return text.strip().toLowerCase(Locale.ROOT);
  }

  /**
   * @throws IllegalArgumentException for an action that is not a word or {@value #ANY}
   */
  static Set<String> normalized(Collection<String> actions) {
    Set<String> out = actions.stream().map(Actions::normal).collect(Collectors.toSet());
    for (String a : out) {
      Checks.require("actions", check(a));
    }
    return Set.copyOf(out);
  }

  /** Whether {@code allowed} covers {@code action}. */
  static boolean covers(Set<String> allowed, String action) {
    return allowed.contains(ANY) || allowed.contains(normal(action));
  }
}
