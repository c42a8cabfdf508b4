package io.iisbot.adapters.discord;

import java.util.List;

/**
 * Cutting texts to Discord's limits with a visible marker. Lengths are Java {@code char}s (UTF-16
 * units), never fewer than the code points Discord and JDA count, so a text within a limit here is
 * within it there too. Stateless.
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

  /** {@code raw}, or its first whole code points and {@link #TRUNCATED}: at most {@code max}. */
  static String cut(String raw, int max) {
    if (raw.length() <= max) {
      return raw;
    }
    if (max < TRUNCATED.length()) {
      throw new IllegalArgumentException("no room for a text in " + max + " characters");
    }
    int end = max - TRUNCATED.length();
    // Half a surrogate pair would show as garbage.
    if (end > 0 && Character.isHighSurrogate(raw.charAt(end - 1))) {
      end--;
    }
    return raw.substring(0, end) + TRUNCATED;
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
