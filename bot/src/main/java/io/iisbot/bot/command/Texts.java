package io.iisbot.bot.command;

import java.util.Collection;
import java.util.Locale;

/** Small text helpers for messages that are safe to post back into a chat. */
final class Texts {

  /** Longer echoes are cut: the user typed them and needs only enough to find the spot. */
  static final int MAX_ECHO = 40;

  private Texts() {}

  /** In straight quotes, control characters escaped, cut after {@link #MAX_ECHO} characters. */
  static String quote(String s) {
    return "\"" + escape(s).replace("\"", "\\\"") + "\"";
  }

  /** Control and invisible format characters as {@code \n} or {@code \u200B}; long text cut. */
  static String escape(String s) {
    StringBuilder b = new StringBuilder();
    int shown = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (shown++ == MAX_ECHO) {
        b.append('…');
        break;
      }
      switch (cp) {
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (isHidden(cp)) {
            b.append(String.format(Locale.ROOT, "\\u%04X", cp));
          } else {
            b.appendCodePoint(cp);
          }
        }
      }
    }
    return b.toString();
  }

  /** Control characters and invisible formatting (zero-width, bidi overrides, BOM). */
  static boolean isHidden(int cp) {
    int type = Character.getType(cp);
    return type == Character.CONTROL
        || type == Character.FORMAT
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR
        || type == Character.UNASSIGNED
        || type == Character.PRIVATE_USE
        || type == Character.SURROGATE;
  }

  /** {@code U+0435 at position 2} for the first non-ASCII character, or {@code null}. */
  static String firstNonAscii(String s) {
    int pos = 1;
    for (int i = 0; i < s.length(); pos++) {
      int cp = s.codePointAt(i);
      if (cp > 0x7E || cp < 0x20) {
        return String.format(Locale.ROOT, "U+%04X at position %d", cp, pos);
      }
      i += Character.charCount(cp);
    }
    return null;
  }

  /** The closest of {@code names} within two edits of {@code word}, or {@code null}. */
  static String closest(String word, Collection<String> names) {
    String w = word.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = 3;
    for (String n : names) {
      int d = distance(w, n);
      if (d < bestDistance) {
        best = n;
        bestDistance = d;
      }
    }
    return best;
  }

  /** Optimal string alignment distance: edits, with a swap of neighbours counting as one. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
