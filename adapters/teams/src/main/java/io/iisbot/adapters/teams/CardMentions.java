package io.iisbot.adapters.teams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iisbot.adapters.chat.Mention;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The people a card names. A person on Teams ({@code teams:<aadObjectId>}) becomes {@code
 * <at>Name</at>} in the text and one entry of the card's {@code msteams.entities}, which Teams
 * resolves by the Entra object id; each person gets a text different from everyone else's (two
 * Alices are {@code Alice} and {@code Alice (2)}), since Teams pairs text and entity by that text.
 * Anyone else is their name, as written. One per card; not thread-safe.
 */
final class CardMentions {

  /** The kind of a person's identity on Teams: {@code teams:<aadObjectId>}. */
  static final String USER_KIND = "teams";

  private final Map<String, ObjectNode> byId = new LinkedHashMap<>();
  private final Set<String> tags = new HashSet<>();

  /** {@code m} as the card's text shows it. */
  String tag(Mention m) {
    if (!m.who().kind().equals(USER_KIND)) {
      return CardText.literal(m.name());
    }
    ObjectNode entity = byId.get(m.who().id());
    if (entity == null) {
      String tag = CardText.atTag(m.name());
      for (int n = 2; !tags.add(tag); n++) {
        tag = CardText.atTag(m.name() + " (" + n + ")");
      }
      entity = JsonNodeFactory.instance.objectNode().put("type", "mention").put("text", tag);
      entity.putObject("mentioned").put("id", m.who().id()).put("name", m.name());
      byId.put(m.who().id(), entity);
    }
    return entity.get("text").asText();
  }

  /**
   * The entities of the people still named somewhere in {@code body} (cutting may have removed
   * some); empty when there are none.
   */
  Optional<ArrayNode> entities(JsonNode body) {
    Set<String> texts = new HashSet<>();
    collect(body, texts);
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    for (ObjectNode e : byId.values()) {
      String tag = e.get("text").asText();
      if (texts.stream().anyMatch(t -> t.contains(tag))) {
        out.add(e);
      }
    }
    return out.isEmpty() ? Optional.empty() : Optional.of(out);
  }

  private static void collect(JsonNode node, Set<String> out) {
    if (node.isTextual()) {
      out.add(node.asText());
    } else {
      node.forEach(n -> collect(n, out));
    }
  }
}
