package io.iisbot.adapters.chat;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A person named in a message's text, kept as who they are (their platform-qualified identity) and
 * the name to show where nothing better exists. The bot writes a person into text as a {@link
 * #token()}; each adapter renders it the way its platform shows people: Slack {@code <@U…>},
 * Discord {@code <@id>} (with mentions that notify no one), the console and any other platform by
 * name. So the requester, the confirmer and the approver of one operation read alike in one
 * message, and the same on every platform.
 *
 * <p>A token is delimited by three characters of Unicode's private use area, which no platform
 * shows as anything meaningful; {@link #strip} removes them from text people typed, so no one can
 * forge a mention. Immutable.
 *
 * @param who the person's identity, such as {@code slack:U024BE7LH} or {@code console:alice}
 * @param name how to show them where their platform's own way does not apply
 */
public record Mention(Identity who, String name) {

  private static final char OPEN = '\uE000';
  private static final char SEPARATOR = '\uE001';
  private static final char CLOSE = '\uE002';

  public Mention {
    Objects.requireNonNull(who, "who");
    name = name == null ? "" : strip(name).strip();
    name = name.isEmpty() ? who.id() : name;
  }

  /** The person who called: their identity and display name. */
  public static Mention of(Caller caller) {
    return new Mention(caller.user(), caller.displayName());
  }

  /** Someone known only by identity ({@code console:demo}): shown by its id ({@code demo}). */
  public static Mention of(Identity who) {
    return new Mention(who, who.id());
  }

  /** The person as text to put in a message. */
  public String token() {
    return OPEN + who.toString() + SEPARATOR + name + CLOSE;
  }

  /**
   * {@code text} with every token rendered by {@code mention} and every stretch of text between
   * tokens by {@code rest} (an adapter's escaping).
   */
  public static String render(
      String text, Function<Mention, String> mention, UnaryOperator<String> rest) {
    StringBuilder b = new StringBuilder(text.length());
    int at = 0;
    while (at < text.length()) {
      int open = text.indexOf(OPEN, at);
      int sep = open < 0 ? -1 : text.indexOf(SEPARATOR, open);
      int close = sep < 0 ? -1 : text.indexOf(CLOSE, sep);
      Optional<Mention> m = close < 0 ? Optional.empty() : parse(text, open, sep, close);
      if (m.isEmpty()) {
        b.append(rest.apply(strip(text.substring(at))));
        break;
      }
      if (open > at) {
        b.append(rest.apply(strip(text.substring(at, open))));
      }
      b.append(mention.apply(m.get()));
      at = close + 1;
    }
    return b.toString();
  }

  /** {@code text} with every person shown by name: for platforms without mentions, and logs. */
  public static String names(String text) {
    return text.indexOf(OPEN) < 0 ? text : render(text, Mention::name, t -> t);
  }

  /** The one person {@code text} consists of, if it is exactly one token. */
  public static Optional<Mention> only(String text) {
    if (text.length() < 3 || text.charAt(0) != OPEN || text.charAt(text.length() - 1) != CLOSE) {
      return Optional.empty();
    }
    int sep = text.indexOf(SEPARATOR);
    if (sep < 0 || text.indexOf(OPEN, 1) >= 0) {
      return Optional.empty();
    }
    return parse(text, 0, sep, text.length() - 1);
  }

  /** {@code text} without the characters that delimit tokens: for text people typed. */
  public static String strip(String text) {
    if (text.indexOf(OPEN) < 0 && text.indexOf(SEPARATOR) < 0 && text.indexOf(CLOSE) < 0) {
      return text;
    }
    StringBuilder b = new StringBuilder(text.length());
    text.chars()
        .filter(c -> c != OPEN && c != SEPARATOR && c != CLOSE)
        .forEach(c -> b.append((char) c));
    return b.toString();
  }

  private static Optional<Mention> parse(String text, int open, int sep, int close) {
    try {
      return Optional.of(
          new Mention(
              Identity.parse(text.substring(open + 1, sep)), text.substring(sep + 1, close)));
    } catch (IllegalArgumentException e) {
      // Not a token the bot wrote: shown as its text, without the delimiters.
      return Optional.empty();
    }
  }
}
