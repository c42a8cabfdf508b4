package io.iisbot.adapters.slack;

import java.util.ArrayList;
import java.util.List;

/**
 * Packs a message's lines into the plain texts of as few sections as possible, within a number of
 * blocks and a text budget; when not every line fits, the last text says how many were left out.
 * Stateless.
 */
final class LineSections {

  private LineSections() {}

  /** Where to look for what a shortened message left out. */
  static String marker(int linesLeftOut) {
    return "…(truncated: "
        + SlackText.more(linesLeftOut, "line")
        + "; see the console or /iis history)";
  }

  /**
   * The texts, one per section, each at most {@link SlackBlocks#SECTION_MAX} characters.
   *
   * @param slots how many sections there may be (at least one when there are lines)
   * @param budget how many characters all texts may hold together
   */
  static List<String> of(List<String> lines, int slots, int budget) {
    // A line alone is cut so that the marker still fits after it in its section.
    int reserve = marker(lines.size()).length() + 1;
    List<String> each = new ArrayList<>();
    lines.forEach(l -> each.add(SlackText.plain(l, SlackBlocks.SECTION_MAX - reserve)));

    List<List<String>> packed = pack(each, slots, budget);
    int shown = packed.stream().mapToInt(List::size).sum();
    if (shown < each.size()) {
      packed = pack(each, slots, budget - reserve);
      if (packed.isEmpty()) {
        packed.add(new ArrayList<>());
      }
      List<String> last = packed.get(packed.size() - 1);
      shown = packed.stream().mapToInt(List::size).sum();
      while (length(last) + reserve > SlackBlocks.SECTION_MAX) {
        last.remove(last.size() - 1);
        shown--;
      }
      last.add(marker(each.size() - shown));
    }
    List<String> texts = new ArrayList<>();
    for (List<String> section : packed) {
      String text = String.join("\n", section);
      // Slack refuses an empty text; a section of empty lines shows nothing anyway.
      if (!text.isBlank()) {
        texts.add(text);
      }
    }
    return texts;
  }

  /** The lines in order, as many as fit, each section filled before the next is started. */
  private static List<List<String>> pack(List<String> lines, int slots, int budget) {
    List<List<String>> sections = new ArrayList<>();
    List<String> current = null;
    int used = 0;
    for (String line : lines) {
      boolean fits =
          current != null && length(current) + 1 + line.length() <= SlackBlocks.SECTION_MAX;
      int cost = fits ? 1 + line.length() : line.length();
      if (used + cost > budget || (!fits && sections.size() == slots)) {
        break;
      }
      if (!fits) {
        current = new ArrayList<>();
        sections.add(current);
      }
      current.add(line);
      used += cost;
    }
    return sections;
  }

  /** The length of the lines joined with line breaks. */
  private static int length(List<String> section) {
    int n = Math.max(0, section.size() - 1);
    for (String line : section) {
      n += line.length();
    }
    return n;
  }
}
