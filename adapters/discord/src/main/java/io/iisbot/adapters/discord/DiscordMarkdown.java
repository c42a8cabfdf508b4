package io.iisbot.adapters.discord;

import io.iisbot.adapters.chat.Mention;

/**
 * Text shown in a Discord embed exactly as written. A {@code ChatMessage} is plain text, yet
 * Discord reads markdown in an embed's title, description and fields: a nick or a {@code --reason}
 * such as {@code **[click](https://evil)**} would show as a bold masked link to evil, {@code
 * <@123>} as a mention, {@code ||x||} hidden. Each such character gets Discord's escape, a
 * backslash, which Discord shows as nothing: every {@code \ * _ ~ ` | < [ ]}; {@code # - + >} and a
 * list's {@code 1.} at the start of a line (headings, lists, quotes); the {@code :} of {@code ://}
 * (a bare URL becomes a link); the {@code @} of {@code @everyone} and {@code @here}.
 *
 * <p>Every escape is a backslash and one ASCII character, and a backslash is never left alone, so
 * {@link DiscordText#cut} can keep escapes whole. Stateless.
 */
final class DiscordMarkdown {

  /** Marks wherever they are: emphasis, strike, code, spoilers, mentions and links, escapes. */
  private static final String ANYWHERE = "\\*_~`|<[]";

  /** Marks at the start of a line: headings, {@code -#} small text, lists, quotes. */
  private static final String LINE_START = "#-+>";

  private DiscordMarkdown() {}

  /**
   * {@code text} with every markdown character escaped, so that Discord shows it as written; a
   * person ({@link Mention}) on Discord as Discord's mention {@code <@id>}, which notifies no one
   * since every message says {@code allowed_mentions} parses nothing; anyone else by name.
   */
  static String escape(String text) {
    return Mention.render(text, DiscordMarkdown::mention, DiscordMarkdown::literal);
  }

  private static String mention(Mention m) {
    return m.who().kind().equals("discord") && m.who().id().chars().allMatch(Character::isDigit)
        ? "<@" + m.who().id() + ">"
        : literal(m.name());
  }

  private static String literal(String text) {
    StringBuilder b = new StringBuilder(text.length() + 16);
    boolean lineStart = true;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
        b.append(c);
        lineStart = true;
        continue;
      }
      if (lineStart && (c == ' ' || c == '\t')) {
        b.append(c);
        continue;
      }
      boolean first = lineStart;
      lineStart = false;
      if (first && c >= '0' && c <= '9') {
        int end = i;
        while (end < n && text.charAt(end) >= '0' && text.charAt(end) <= '9') {
          end++;
        }
        b.append(text, i, end);
        if (end < n && text.charAt(end) == '.') {
          b.append("\\.");
          end++;
        }
        i = end - 1;
        continue;
      }
      if (ANYWHERE.indexOf(c) >= 0
          || (first && LINE_START.indexOf(c) >= 0)
          || (c == ':' && text.startsWith("//", i + 1))
          || (c == '@' && (word(text, i + 1, "everyone") || word(text, i + 1, "here")))) {
        b.append('\\');
      }
      b.append(c);
    }
    return b.toString();
  }

  private static boolean word(String text, int at, String word) {
    return text.regionMatches(true, at, word, 0, word.length());
  }
}
