package io.iisbot.bot.command;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command line into words. Quotes group words with spaces: straight {@code "…"} and {@code
 * '…'}, and the typographic ones phone keyboards put in ({@code “…”}, {@code ‘…’}, {@code „…“},
 * {@code «…»}, {@code ‹…›}). A quote opens at the start of a word or right after {@code :} or
 * {@code =} ({@code site:"Default Web Site"}, {@code --reason="…"}); elsewhere it is an ordinary
 * character, so {@code it's} needs no quoting. A closing quote counts only when a space or the end
 * follows it, so {@code ‘don’t panic’} stays one piece of text.
 */
final class Tokenizer {

  private static final String DOUBLE = "\"“”„‟";
  private static final String SINGLE = "'‘’‚‛";
  private static final String GUILLEMETS = "«»";
  private static final String SINGLE_GUILLEMETS = "‹›";

  /**
   * One word.
   *
   * @param text the word without its quotes
   * @param quotedFrom where in {@code text} the first quoted part begins, or -1 when none is
   */
  record Token(String text, int quotedFrom) {
    /** Whether {@code text.substring(0, end)} was typed without quotes. */
    boolean bareUpTo(int end) {
      return quotedFrom < 0 || quotedFrom >= end;
    }

    boolean quoted() {
      return quotedFrom >= 0;
    }
  }

  private Tokenizer() {}

  static boolean isSpace(int cp) {
    return Character.isWhitespace(cp) || Character.isSpaceChar(cp);
  }

  /**
   * @throws IllegalArgumentException when a quote is never closed
   */
  static List<Token> split(String line) {
    List<Token> tokens = new ArrayList<>();
    StringBuilder word = null;
    int quotedFrom = -1;
    int i = 0;
    while (i < line.length()) {
      int cp = line.codePointAt(i);
      int next = i + Character.charCount(cp);
      if (isSpace(cp)) {
        if (word != null) {
          tokens.add(new Token(word.toString(), quotedFrom));
          word = null;
          quotedFrom = -1;
        }
        i = next;
        continue;
      }
      if (word == null) {
        word = new StringBuilder();
      }
      String closers = closers(cp);
      boolean opens =
          closers != null
              && (word.length() == 0
                  || word.charAt(word.length() - 1) == ':'
                  || word.charAt(word.length() - 1) == '=');
      if (!opens) {
        word.appendCodePoint(cp);
        i = next;
        continue;
      }
      int end = closingQuote(line, next, closers);
      if (end < 0 && next == line.length()) {
        throw new IllegalArgumentException(
            "unterminated quote: the "
                + new String(Character.toChars(cp))
                + " at the end is never closed");
      }
      if (end < 0) {
        throw new IllegalArgumentException(
            "unterminated quote: nothing closes the "
                + new String(Character.toChars(cp))
                + " before "
                + Texts.escape(line.substring(next))
                + "; end it with "
                + closers.charAt(closers.length() == 1 ? 0 : closingHint(cp, closers)));
      }
      if (quotedFrom < 0) {
        quotedFrom = word.length();
      }
      word.append(line, next, end);
      i = end + 1;
    }
    if (word != null) {
      tokens.add(new Token(word.toString(), quotedFrom));
    }
    return tokens;
  }

  /** Whether {@code cp} is one of the quote characters. */
  static boolean isQuote(int cp) {
    return closers(cp) != null;
  }

  /** The quote characters that close one opened by {@code cp}, or null if it is no quote. */
  private static String closers(int cp) {
    for (String family : new String[] {DOUBLE, SINGLE, GUILLEMETS, SINGLE_GUILLEMETS}) {
      if (family.indexOf(cp) >= 0) {
        // Straight quotes close only themselves; mixed typographic pairs are common on phones.
        if (cp == '"' || cp == '\'') {
          return String.valueOf((char) cp);
        }
        return family;
      }
    }
    return null;
  }

  /** The index in {@code closers} of the closer to suggest for the opening {@code cp}. */
  private static int closingHint(int cp, String closers) {
    return switch (cp) {
      case '“', '„', '‟' -> closers.indexOf('”');
      case '‘', '‚', '‛' -> closers.indexOf('’');
      case '«' -> closers.indexOf('»');
      case '»' -> closers.indexOf('«');
      case '‹' -> closers.indexOf('›');
      case '›' -> closers.indexOf('‹');
      default -> closers.indexOf(cp);
    };
  }

  private static int closingQuote(String line, int from, String closers) {
    for (int j = from; j < line.length(); j++) {
      if (closers.indexOf(line.charAt(j)) >= 0) {
        int after = j + 1;
        if (after == line.length() || isSpace(line.codePointAt(after))) {
          return j;
        }
      }
    }
    return -1;
  }
}
