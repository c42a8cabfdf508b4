package io.iisbot.iis;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads and writes the short durations operators type: {@code 250ms}, {@code 90s}, {@code 2m}. */
public final class Durations {

  private static final Pattern PART = Pattern.compile("(\\d{1,9}(?:\\.\\d{1,3})?)(ms|s|m|h|d)");

  private Durations() {}

  /**
   * Parses one or more number-unit parts ({@code 1m30s}, {@code 1.5s}); units ms, s, m, h, d; up to
   * three decimals.
   *
   * @throws IllegalArgumentException naming the text when it is not such a duration
   */
  public static Duration parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("a duration is needed, such as 90s or 2m");
    }
    String t = text.trim().toLowerCase(java.util.Locale.ROOT);
    Matcher m = PART.matcher(t);
    Duration total = Duration.ZERO;
    int at = 0;
    while (at < t.length()) {
      if (!m.find(at) || m.start() != at) {
        throw new IllegalArgumentException(
            "not a duration: \"" + text + "\" (use a number and a unit: 250ms, 90s, 2m, 1h)");
      }
      java.math.BigDecimal n = new java.math.BigDecimal(m.group(1));
      long unitMillis =
          switch (m.group(2)) {
            case "ms" -> 1L;
            case "s" -> 1_000L;
            case "m" -> 60_000L;
            case "h" -> 3_600_000L;
            default -> 86_400_000L;
          };
      java.math.BigDecimal millis = n.multiply(java.math.BigDecimal.valueOf(unitMillis));
      if (millis.stripTrailingZeros().scale() > 0) {
        throw new IllegalArgumentException(
            "not a duration: \"" + text + "\" (finer than a millisecond)");
      }
      total = total.plusMillis(millis.longValueExact());
      at = m.end();
    }
    return total;
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
      return java.math.BigDecimal.valueOf(ms, 3).stripTrailingZeros().toPlainString() + "s";
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
