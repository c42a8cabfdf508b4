package io.iisbot.bot.command;

import io.iisbot.iis.Durations;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the value of one {@code --option} as its {@link OptionSpec} says. */
final class OptionValues {

  static final int MAX_TEXT = 300;

  /** A platform-qualified id, as the audit keeps it: {@code slack:U024BE7LH}. */
  private static final Pattern USER_ID =
      Pattern.compile("[a-z][a-z-]{0,31}:[A-Za-z0-9._@-]{1,128}", Pattern.CASE_INSENSITIVE);

  /**
   * A pasted mention: {@code <@U024BE7LH>} or, escaped, {@code <@U024BE7LH|alice>} from Slack;
   * {@code <@80351110224678912>} or {@code <@!80351110224678912>} from Discord.
   */
  private static final Pattern MENTION = Pattern.compile("<@!?([A-Za-z0-9]+)(?:\\|[^>]*)?>");

  private static final Pattern SLACK_USER = Pattern.compile("[UW][A-Z0-9]{2,}");
  private static final Pattern DISCORD_USER = Pattern.compile("[0-9]{15,22}");

  private OptionValues() {}

  /**
   * The value as a {@link Duration}, {@link Integer} or {@link String} (a choice in lower case).
   *
   * @throws IllegalArgumentException with a message for the chat user
   */
  static Object value(OptionSpec o, String raw) {
    String flag = "--" + o.name();
    return switch (o.type()) {
      case DURATION -> duration(o, raw);
      case INT -> integer(o, raw);
      case TEXT -> text(o, raw);
      case FLAG -> throw new IllegalStateException(flag + " is a flag");
    };
  }

  private static Duration duration(OptionSpec o, String raw) {
    Duration d;
    try {
      d = Durations.parse(raw);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--"
              + o.name()
              + " needs a duration like "
              + o.placeholder()
              + ", was "
              + Texts.quote(raw));
    }
    if ((o.min() != null && d.compareTo(Durations.parse(o.min())) < 0)
        || (o.max() != null && d.compareTo(Durations.parse(o.max())) > 0)) {
      throw new IllegalArgumentException(
          "--"
              + o.name()
              + " must be between "
              + o.min()
              + " and "
              + o.max()
              + ", was "
              + Texts.escape(raw));
    }
    return d;
  }

  private static Integer integer(OptionSpec o, String raw) {
    if (!raw.matches("[+-]?[0-9]{1,100}")) {
      throw new IllegalArgumentException(
          "--" + o.name() + " needs a whole number, was " + Texts.quote(raw));
    }
    BigInteger n = new BigInteger(raw);
    BigInteger min = new BigInteger(o.min());
    BigInteger max = new BigInteger(o.max());
    if (n.compareTo(min) < 0 || n.compareTo(max) > 0) {
      throw new IllegalArgumentException(
          "--" + o.name() + " must be " + min + " to " + max + ", was " + Texts.escape(raw));
    }
    return n.intValueExact();
  }

  private static String text(OptionSpec o, String raw) {
    String v = raw.strip();
    if (v.isEmpty()) {
      throw new IllegalArgumentException("--" + o.name() + " needs a value, like " + o.display());
    }
    if (v.length() > MAX_TEXT) {
      throw new IllegalArgumentException(
          "--" + o.name() + " is " + v.length() + " characters long; the limit is " + MAX_TEXT);
    }
    if (o.choices().isEmpty()) {
      return v;
    }
    String c = v.toLowerCase(Locale.ROOT).replace('-', '_');
    if (!o.choices().contains(c)) {
      throw new IllegalArgumentException(
          "--"
              + o.name()
              + " must be one of "
              + String.join(", ", o.choices())
              + ", was "
              + Texts.quote(raw));
    }
    return c;
  }

  /**
   * A user id as the audit keeps it: {@code slack:U024BE7LH}, its platform in lower case. A mention
   * counts as the id it mentions; Slack's and Discord's ids differ in shape (capitals starting with
   * U or W, a number), so the mention says whose it is. An id without its platform is refused
   * rather than left to match nothing.
   */
  static String user(String raw) {
    if (raw == null) {
      return null;
    }
    String id = raw.strip();
    Matcher mention = MENTION.matcher(id);
    if (mention.matches()) {
      String bare = mention.group(1);
      if (SLACK_USER.matcher(bare).matches()) {
        return "slack:" + bare;
      }
      if (DISCORD_USER.matcher(bare).matches()) {
        return "discord:" + bare;
      }
    }
    if (!USER_ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "--user needs a user id like slack:U024BE7LH, was " + Texts.quote(raw));
    }
    int colon = id.indexOf(':');
    return id.substring(0, colon).toLowerCase(Locale.ROOT) + id.substring(colon);
  }
}
