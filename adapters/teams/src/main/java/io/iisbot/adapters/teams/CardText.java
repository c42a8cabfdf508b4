package io.iisbot.adapters.teams;

import io.iisbot.adapters.chat.Mention;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Text shown in an Adaptive Card in Teams exactly as written, and cut to a size in bytes.
 *
 * <p>A {@code ChatMessage} is plain text, whoever wrote it, yet Teams reads a markdown subset in a
 * TextBlock and a FactSet: {@code **bold**}, {@code _italic_}, {@code [text](url)}, lists at the
 * start of a line ({@code - }, {@code + }, {@code * }, {@code 1. }); Adaptive Cards also replace
 * {@code {{DATE(…)}}} and {@code {{TIME(…)}}}, and Teams turns {@code <at>…</at>} into a mention.
 * So a nick or a {@code --reason} such as {@code **[click](https://evil)**} would show as a bold
 * link. Each is broken the way every Adaptive Card renderer honours: {@code *} and {@code _} get a
 * backslash (the one escape both the JavaScript renderer and the shared C++ parser of the native
 * clients remove); a link, a list, a date function and an {@code <at>} tag get an invisible
 * zero-width space inside, where a backslash would show on phones.
 *
 * <p>Sizes are UTF-8 bytes of the text as it stands in the card's JSON (escapes included), the unit
 * of Teams' limit. Cuts keep whole code points, whole escapes and whole mentions. Stateless.
 */
final class CardText {

  /** Ends every text that was cut, as on Slack and Discord. */
  static final String TRUNCATED = "…(truncated)";

  /** Breaks a markdown construct without showing anything. */
  static final char ZWSP = '\u200B';

  private CardText() {}

  /** Line breaks and tabs as spaces: for texts shown on one line (titles, labels). */
  static String oneLine(String raw) {
    return raw.replaceAll("[\\r\\n\\t\\u0085\\u2028\\u2029]+", " ").strip();
  }

  /** The lines of {@code raw}, split at every kind of line break. */
  static List<String> lines(String raw) {
    return List.of(raw.split("\\r\\n|[\\n\\r\\u0085\\u2028\\u2029]", -1));
  }

  /**
   * {@code text} shown as written, every person by {@code mention} (which writes its own markup).
   */
  static String render(String text, Function<Mention, String> mention) {
    return Mention.render(text, mention, CardText::literal);
  }

  /** {@code raw} with every construct Teams would read in a card broken (see the class). */
  static String literal(String raw) {
    StringBuilder b = new StringBuilder(raw.length() + 8);
    boolean lineStart = true;
    int n = raw.length();
    for (int i = 0; i < n; i++) {
      char c = raw.charAt(i);
      if (c == '\n' || c == '\r') {
        b.append(c);
        lineStart = true;
        continue;
      }
      if (lineStart && (c == ' ' || c == '\t')) {
        b.append(c);
        continue;
      }
      if (lineStart && (c == '-' || c == '+' || c == '#' || c == '>' || numbered(raw, i))) {
        // A list, numbered list, heading or quote needs its mark at the start of the line.
        b.append(ZWSP);
      }
      lineStart = false;
      if (c == '*' || c == '_') {
        b.append('\\');
      }
      b.append(c);
      if ((c == ']' && next(raw, i) == '(')
          || (c == '{' && next(raw, i) == '{')
          || (c == '<' && startsWithAt(raw, i + 1))) {
        b.append(ZWSP);
      }
    }
    return b.toString();
  }

  /** The bytes {@code text} takes inside a JSON string in UTF-8 (the quotes not counted). */
  static int bytes(String text) {
    int n = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      n += bytes(cp);
      i += Character.charCount(cp);
    }
    return n;
  }

  /**
   * {@code text}, or its first whole units and {@link #TRUNCATED}, within {@code max} bytes. A unit
   * is a code point, a backslash escape, or a mention tag {@code <at>…</at>} (a cut tag would show
   * its markup and no one).
   *
   * @throws IllegalArgumentException when not even the marker fits
   */
  static String cut(String text, int max) {
    if (bytes(text) <= max) {
      return text;
    }
    int room = max - bytes(TRUNCATED);
    if (room < 0) {
      throw new IllegalArgumentException("no room for a text in " + max + " bytes");
    }
    int used = 0;
    int end = 0;
    for (int i = 0; i < text.length(); ) {
      int unitEnd = unitEnd(text, i);
      int size = bytes(text.substring(i, unitEnd));
      if (used + size > room) {
        break;
      }
      used += size;
      i = unitEnd;
      end = i;
    }
    return text.substring(0, end) + TRUNCATED;
  }

  /** {@code "1 more line"}, {@code "3 more fields"}. */
  static String more(int count, String noun) {
    return count + " more " + noun + (count == 1 ? "" : "s");
  }

  /** The text of a person's mention: {@code <at>Name</at>}, the name without tag characters. */
  static String atTag(String name) {
    String clean = oneLine(name).replace("<", "").replace(">", "");
    return "<at>" + (clean.isBlank() ? "someone" : clean) + "</at>";
  }

  private static int unitEnd(String text, int i) {
    if (text.startsWith("<at>", i)) {
      int close = text.indexOf("</at>", i);
      if (close > 0) {
        return close + "</at>".length();
      }
    }
    int end = i + Character.charCount(text.codePointAt(i));
    if (text.charAt(i) == '\\' && end < text.length()) {
      end += Character.charCount(text.codePointAt(end));
    }
    return end;
  }

  private static int bytes(int cp) {
    Integer escaped = JSON_ESCAPES.get(cp);
    if (escaped != null) {
      return escaped;
    }
    if (cp < 0x20) {
      return 6; // \\u00XX
    }
    if (cp < 0x80) {
      return 1;
    }
    if (cp < 0x800) {
      return 2;
    }
    return cp < 0x10000 ? 3 : 4;
  }

  private static final Map<Integer, Integer> JSON_ESCAPES =
      Map.of(
          (int) '"',
          2,
          (int) '\\',
          2,
          (int) '\n',
          2,
          (int) '\r',
          2,
          (int) '\t',
          2,
          (int) '\b',
          2,
          (int) '\f',
          2);

  /** {@code 1.} or {@code 12)} at {@code i}: a numbered list item. */
  private static boolean numbered(String text, int i) {
    int end = i;
    while (end < text.length() && text.charAt(end) >= '0' && text.charAt(end) <= '9') {
      end++;
    }
    return end > i && end < text.length() && (text.charAt(end) == '.' || text.charAt(end) == ')');
  }

  private static char next(String text, int i) {
    return i + 1 < text.length() ? text.charAt(i + 1) : 0;
  }

  private static boolean startsWithAt(String text, int i) {
    String rest = text.substring(i, Math.min(text.length(), i + 3)).toLowerCase(Locale.ROOT);
    return rest.startsWith("at") || rest.startsWith("/at");
  }
}
