package io.iisbot.bot.command;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/** Checks of the names users type, with messages that point at the offending character. */
final class Names {

  private Names() {}

  /**
   * Lower-cases {@code name} and checks it against {@code pattern}.
   *
   * @throws IllegalArgumentException naming the first character that does not belong, as U+XXXX
   *     when it is not plain ASCII (a look-alike such as Cyrillic {@code о})
   */
  static String check(String name, Pattern pattern, String what, String allowed) {
    Objects.requireNonNull(name, what);
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.isEmpty()) {
      throw new IllegalArgumentException("the " + what + " is empty");
    }
    if (pattern.matcher(lower).matches()) {
      return lower;
    }
    String foreign = Texts.firstNonAscii(name);
    if (foreign != null) {
      throw new IllegalArgumentException(
          Texts.quote(name) + " is not a " + what + ": it holds " + foreign + "; use " + allowed);
    }
    throw new IllegalArgumentException(
        Texts.quote(name) + " is not a " + what + "; use " + allowed);
  }
}
