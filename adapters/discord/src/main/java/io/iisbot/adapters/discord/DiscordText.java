package io.iisbot.adapters.discord;

import java.util.List;

/**
 * Cutting texts to Discord's limits with a visible marker, after {@link DiscordMarkdown} escaped
 * them (a limit counts the backslashes too). Lengths are Java {@code char}s (UTF-16 units), never
 * fewer than the code points Discord and JDA count, so a text within a limit here is within it
 * there too. Stateless.
 */
final class DiscordText {

  /** Ends every text that was cut, so no one takes a cut text for the whole. */
  static final String TRUNCATED = "…(truncated)";

  /** Room kept for {@link #moreLines}: enough for any count of lines a message can hold. */
  static final int MORE_LINES_MAX = 40;

  private DiscordText() {}

  /** Line breaks and tabs as spaces: for texts Discord shows on one line (titles, labels). */
  static String oneLine(String raw) {
    return raw.replaceAll("[\\r\\n\\t\\u0085\\u2028\\u2029]+", " ").strip();
  }

  /**
   * {@code text}, or its first whole code points and {@link #TRUNCATED}: at most {@code max}. An
   * escape ({@link DiscordMarkdown}: a backslash and the character after it) is kept or dropped
   * whole, so a cut never leaves a lone backslash to escape the marker or show itself.
   */
  static String cut(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    if (max < TRUNCATED.length()) {
      throw new IllegalArgumentException("no room for a text in " + max + " characters");
    }
    int room = max - TRUNCATED.length();
    int end = 0;
    // Forward, unit by unit: a backslash starts a unit only where the text is read from the start.
    for (int i = 0; i < text.length(); ) {
      int unit = Character.charCount(text.codePointAt(i));
      if (text.charAt(i) == '\\' && i + 1 < text.length()) {
        unit = 1 + Character.charCount(text.codePointAt(i + 1));
      }
      if (i + unit > room) {
        break;
      }
      i += unit;
      end = i;
    }
    return text.substring(0, end) + TRUNCATED;
  }

  /**
   * The lines joined with line breaks, at most {@code max} characters: whole lines while they fit,
   * then a last line saying how many were left out. A first line too long alone is itself cut.
   */
  static String lines(List<String> lines, int max) {
    String all = String.join("\n", lines);
    if (all.length() <= max || lines.size() == 1) {
      return cut(all, max);
    }
    int room = max - MORE_LINES_MAX - 1;
    StringBuilder b = new StringBuilder();
    int shown = 0;
    for (String line : lines) {
      int add = (shown == 0 ? 0 : 1) + line.length();
      if (b.length() + add > room) {
        break;
      }
      b.append(shown == 0 ? "" : "\n").append(line);
      shown++;
    }
    if (shown == 0) {
      b.append(cut(lines.get(0), room));
      shown = 1;
    }
    if (shown < lines.size()) {
      b.append('\n').append(moreLines(lines.size() - shown));
    }
    return b.toString();
  }

  /** {@code …(truncated: 3 more lines)}. */
  static String moreLines(int count) {
    return "…(truncated: " + more(count, "line") + ")";
  }

  /** {@code "1 more field"}, {@code "3 more fields"}. */
  static String more(int count, String noun) {
    return count + " more " + noun + (count == 1 ? "" : "s");
  }
}
