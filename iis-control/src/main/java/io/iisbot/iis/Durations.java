package io.iisbot.iis;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration syntax of iisbot, for chat options, the bot's and the agent's configuration,
 * scenarios and the agent's API: one or more parts, each a number and a unit, written together.
 *
 * <ul>
 *   <li>units {@code ms}, {@code s}, {@code m}, {@code h}, {@code d}, in any case;
 *   <li>up to three decimals: {@code 1.5s}, {@code 0.25m}, as long as the result is a whole number
 *       of milliseconds;
 *   <li>parts add up: {@code 1h30m}, {@code 1m30s}, {@code 2m05s};
 *   <li>spaces around the whole are ignored, spaces inside are not allowed;
 *   <li>a bare number ({@code 90}) is refused, as the unit would be a guess.
 * </ul>
 *
 * <p>The README's "Durations and host patterns" describes it for users. Stateless and thread-safe.
 */
public final class Durations {

  /** What the messages suggest: one example of each form. */
  static final String EXAMPLES = "90s, 1.5s, 2m, 1h30m";

  private static final Pattern PART = Pattern.compile("(\\d{1,9}(?:\\.\\d{1,3})?)(ms|s|m|h|d)");
  private static final Pattern NUMBER = Pattern.compile("\\d{1,9}(?:\\.\\d{1,3})?");

  private Durations() {}

  /**
   * Parses a duration written in the syntax above.
   *
   * @throws IllegalArgumentException with a message for the person who wrote it, quoting the text
   *     ({@code "1.5x" is not a duration; write e.g. 90s, 1.5s, 2m, 1h30m})
   */
  public static Duration parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("a duration is needed; write e.g. " + EXAMPLES);
    }
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (NUMBER.matcher(t).matches()) {
      throw new IllegalArgumentException(
          quote(text) + " is not a duration: add a unit, e.g. " + t + "s or " + t + "m");
    }
    Matcher m = PART.matcher(t);
    Duration total = Duration.ZERO;
    int at = 0;
    while (at < t.length()) {
      if (!m.find(at) || m.start() != at) {
        throw new IllegalArgumentException(
            quote(text) + " is not a duration; write e.g. " + EXAMPLES);
      }
      BigDecimal millis =
          new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitMillis(m.group(2))));
      if (millis.stripTrailingZeros().scale() > 0) {
        throw new IllegalArgumentException(
            quote(text) + " is not a duration: it is finer than a millisecond");
      }
      total = total.plusMillis(millis.longValueExact());
      at = m.end();
    }
    return total;
  }

  private static long unitMillis(String unit) {
    return switch (unit) {
      case "ms" -> 1L;
      case "s" -> 1_000L;
      case "m" -> 60_000L;
      case "h" -> 3_600_000L;
      default -> 86_400_000L;
    };
  }

  private static String quote(String text) {
    return "\"" + text + "\"";
  }

  /**
   * Formats for people: {@code 90s}, {@code 1.5s}, {@code 2m05s}, {@code 1h}, {@code 350ms}. Below
   * two minutes the text parses back to the same duration; above, milliseconds are dropped.
   */
  public static String format(Duration d) {
    if (d.isNegative()) {
      return "-" + format(d.negated());
    }
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + "ms";
    }
    long s = d.toSeconds();
    if (s < 120 && ms % 1000 != 0) {
      return BigDecimal.valueOf(ms, 3).stripTrailingZeros().toPlainString() + "s";
    }
    if (s < 120) {
      return s + "s";
    }
    long h = s / 3600;
    long m = (s % 3600) / 60;
    long rest = s % 60;
    StringBuilder b = new StringBuilder();
    if (h > 0) {
      b.append(h).append('h');
    }
    if (m > 0 || (h > 0 && rest > 0)) {
      b.append(h > 0 ? String.format("%02dm", m) : m + "m");
    }
    if (rest > 0) {
      b.append(String.format("%02ds", rest));
    }
    return b.toString();
  }
}
