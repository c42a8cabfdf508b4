package io.iisbot.adapters.teams;

import static io.iisbot.adapters.teams.AdaptiveCards.size;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a card's lines and facts to a number of bytes, the way Slack's and Discord's renderers cut
 * theirs: whole lines and facts in order while they fit, one cut if nothing else would show, and a
 * last line or fact saying how many were left out. Sizes are of the JSON elements, commas included.
 * Stateless.
 */
final class CardLimits {

  /** A fact's value is cut only if at least this much of it would show. */
  static final int VALUE_FLOOR_BYTES = 40;

  private CardLimits() {}

  /** {@code …(truncated: 3 more lines)}. */
  static String moreLines(int count) {
    return "…(truncated: " + CardText.more(count, "line") + ")";
  }

  /** The text blocks of the lines within {@code room} bytes. */
  static List<ObjectNode> lines(List<ObjectNode> blocks, int room) {
    if (AdaptiveCards.sizes(blocks) <= room) {
      return blocks;
    }
    if (blocks.size() == 1) {
      return cutText(blocks.get(0), "text", room - 1).map(List::of).orElse(List.of());
    }
    int reserve = size(marker(blocks.size())) + 1;
    List<ObjectNode> out = new ArrayList<>();
    int used = 0;
    for (ObjectNode b : blocks) {
      int s = size(b) + 1;
      if (used + s > room - reserve) {
        break;
      }
      out.add(b);
      used += s;
    }
    if (out.isEmpty()) {
      cutText(blocks.get(0), "text", room - reserve - 1).ifPresent(out::add);
    }
    if (room >= reserve + used) {
      out.add(marker(blocks.size() - out.size()));
    }
    return out;
  }

  /** The facts within {@code room} bytes. */
  static List<ObjectNode> facts(List<ObjectNode> facts, int room) {
    if (AdaptiveCards.sizes(facts) <= room) {
      return facts;
    }
    int reserve = size(moreFacts(facts.size())) + 1;
    List<ObjectNode> out = new ArrayList<>();
    int used = 0;
    int i = 0;
    for (; i < facts.size(); i++) {
      ObjectNode f = facts.get(i);
      boolean last = i == facts.size() - 1;
      int s = size(f) + 1;
      if (used + s + (last ? 0 : reserve) <= room) {
        out.add(f);
        used += s;
        continue;
      }
      int valueRoom = room - used - (last ? 0 : reserve) - 1;
      java.util.Optional<ObjectNode> cut =
          CardText.bytes(f.get("value").asText()) > VALUE_FLOOR_BYTES
              ? cutText(f, "value", valueRoom)
              : java.util.Optional.empty();
      if (cut.isPresent()) {
        out.add(cut.get());
        used += size(cut.get()) + 1;
        i++;
      }
      break;
    }
    if (i < facts.size() && used + reserve <= room) {
      out.add(moreFacts(facts.size() - i));
    }
    return out;
  }

  private static ObjectNode marker(int count) {
    return AdaptiveCards.textBlock(moreLines(count), false);
  }

  private static ObjectNode moreFacts(int count) {
    return AdaptiveCards.fact(CardText.TRUNCATED, CardText.more(count, "field"));
  }

  /**
   * {@code node} with its {@code key} text cut so the whole takes at most {@code max} bytes; empty
   * when not even a useful part of the text fits.
   */
  private static java.util.Optional<ObjectNode> cutText(ObjectNode node, String key, int max) {
    ObjectNode copy = node.deepCopy();
    String text = node.get(key).asText();
    int overhead = size(copy.put(key, ""));
    int textRoom = max - overhead;
    if (textRoom < CardText.bytes(CardText.TRUNCATED) + VALUE_FLOOR_BYTES) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(copy.put(key, CardText.cut(text, textRoom)));
  }
}
