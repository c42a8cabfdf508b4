package io.iisbot.adapters.slack;

/**
 * Slack's text rules: the three characters mrkdwn reserves, and cutting a text to a limit with a
 * visible marker. Lengths are Java {@code char}s (UTF-16 units), never fewer than the characters
 * Slack counts, so a text within a limit here is within it at Slack too. Stateless.
 */
final class SlackText {

  /** Ends every text that was cut, so no one takes a cut text for the whole. */
  static final String TRUNCATED = "…(truncated)";

  private SlackText() {}

  /**
   * Escapes {@code &}, {@code <} and {@code >}, as Slack requires in mrkdwn. Besides keeping the
   * text as written, this stops a user's text (a {@code --reason}) from becoming a mention such as
   * {@code <!channel>} or a disguised link.
   */
  static String escape(String raw) {
    StringBuilder b = new StringBuilder(raw.length() + 16);
    raw.codePoints().forEach(cp -> b.append(escape(cp)));
    return b.toString();
  }

  /** {@code raw} escaped for mrkdwn, cut to {@code max} characters (escapes included). */
  static String mrkdwn(String raw, int max) {
    return cut(raw, max, true);
  }

  /** {@code raw} for a plain_text object (no escaping there), cut to {@code max} characters. */
  static String plain(String raw, int max) {
    return cut(raw, max, false);
  }

  /** Line breaks and tabs as spaces: for texts Slack shows on one line (headers, buttons). */
  static String oneLine(String raw) {
    return raw.replaceAll("[\\r\\n\\t]+", " ").strip();
  }

  /** {@code "1 more line"}, {@code "3 more lines"}. */
  static String more(int count, String noun) {
    return count + " more " + noun + (count == 1 ? "" : "s");
  }

  private static String cut(String raw, int max, boolean escaped) {
    if (max < TRUNCATED.length()) {
      throw new IllegalArgumentException("no room for a text in " + max + " characters");
    }
    String whole = escaped ? escape(raw) : raw;
    if (whole.length() <= max) {
      return whole;
    }
    int room = max - TRUNCATED.length();
    StringBuilder b = new StringBuilder(max);
    // Whole code points and whole escapes only: half an emoji or "&am" would show as garbage.
    for (int i = 0; i < raw.length(); ) {
      int cp = raw.codePointAt(i);
      String piece = escaped ? escape(cp) : Character.toString(cp);
      if (b.length() + piece.length() > room) {
        break;
      }
      b.append(piece);
      i += Character.charCount(cp);
    }
    return b.append(TRUNCATED).toString();
  }

  private static String escape(int cp) {
    switch (cp) {
      case '&':
        return "&amp;";
      case '<':
        return "&lt;";
      case '>':
        return "&gt;";
      default:
        return Character.toString(cp);
    }
  }
}
