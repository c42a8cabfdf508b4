package io.iisbot.adapters.teams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatMessage.Button;
import io.iisbot.adapters.chat.ChatMessage.Field;
import io.iisbot.adapters.chat.Mention;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Renders a neutral {@link ChatMessage} as an Adaptive Card (schema 1.5) for Teams: a container
 * coloured by the status with the title and the status word (and "only you" when ephemeral), the
 * lines as text blocks, the fields as a fact set, the buttons as {@code Action.Execute} whose
 * {@code data} carries the action and its signed value back ({@link CardActions#parse}); people on
 * Teams as mentions ({@code <at>Name</at>} and the card's {@code msteams.entities}), anyone else by
 * name. A card for some people only carries {@code refresh.userIds}.
 *
 * <p>The message is plain text, whoever wrote it: markdown in it is neutralised ({@link CardText}).
 *
 * <p>Teams refuses a message over about 28 KB, so the card is kept under {@link #CARD_BUDGET}
 * bytes: the lines are cut first, down to half of the room, then the fields; a last line ({@code
 * …(truncated: 3 more lines)}) or fact ({@code 3 more fields}) says what was left out, and a line
 * too long alone is cut and ends with {@code …(truncated)}, as on Slack and Discord. Buttons are
 * never cut; a card whose buttons alone do not fit is refused. Stateless and thread-safe.
 */
final class AdaptiveCards {

  /** Teams' limit for a message; cards are cut to fit. */
  static final int MAX_BYTES = 28 * 1024;

  /** What the card itself may take: the activity around it (ids, conversation) needs the rest. */
  static final int CARD_BUDGET = MAX_BYTES - 2 * 1024;

  static final String CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";
  static final String SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json";
  static final String VERSION = "1.5";

  /** Teams refreshes a card automatically for at most 60 users. */
  static final int MAX_REFRESH_USERS = 60;

  static final int TITLE_MAX_BYTES = 512;

  /** A fact set around its facts: {@code {"type":"FactSet","facts":[]},}. */
  private static final int FACT_SET_BYTES = 32;

  static final int LABEL_MAX_BYTES = 120;

  private static final ObjectMapper JSON = new ObjectMapper();

  private AdaptiveCards() {}

  /**
   * The card for {@code m}.
   *
   * @param onlyFor the Teams user ids (as in an activity's {@code from.id}) of the people who see
   *     this view, as {@code refresh.userIds}; empty for a card everyone sees alike
   * @throws IllegalArgumentException for more than 60 users in {@code onlyFor}, or buttons that do
   *     not fit in a card
   */
  static ObjectNode card(ChatMessage m, List<String> onlyFor) {
    Objects.requireNonNull(m, "m");
    List<String> users = List.copyOf(onlyFor);
    if (users.size() > MAX_REFRESH_USERS) {
      throw new IllegalArgumentException(
          "Teams refreshes a card for at most "
              + MAX_REFRESH_USERS
              + " users, was "
              + users.size());
    }
    CardMentions people = new CardMentions();
    Badge badge = Badge.of(m.status());

    ObjectNode card = JSON.createObjectNode();
    card.put("type", "AdaptiveCard");
    card.put("$schema", SCHEMA);
    card.put("version", VERSION);
    card.put("fallbackText", fallback(m, badge));
    if (!users.isEmpty()) {
      ObjectNode refresh = card.putObject("refresh");
      refresh.set("action", CardActions.execute(CardActions.REFRESH, "", null));
      users.forEach(refresh.putArray("userIds")::add);
    }
    ArrayNode body = card.putArray("body");
    body.add(header(m, badge));
    ArrayNode actions = JSON.createArrayNode();
    for (Button b : m.buttons()) {
      actions.add(button(b));
    }
    if (!actions.isEmpty()) {
      card.set("actions", actions);
    }
    List<ObjectNode> lines = lines(m, people);
    List<ObjectNode> facts = facts(m, people);
    int fixed = size(card) + 32;
    if (fixed > CARD_BUDGET) {
      throw new IllegalArgumentException(
          "the card's title, status and buttons take "
              + fixed
              + " bytes, over Teams' "
              + CARD_BUDGET
              + " for a card (buttons cannot be cut)");
    }
    // The mentions' entities grow with the text that names people: cut, measure, and cut again
    // by what the entities took, until the card fits (each round only removes text).
    int room = CARD_BUDGET - fixed;
    for (int round = 0; ; round++) {
      ObjectNode whole = withText(card, cut(lines, facts, room), people);
      int total = size(whole);
      if (total <= CARD_BUDGET) {
        return whole;
      }
      if (round == 4 || room <= 0) {
        // A bug here, not bad input: better said at once than as Teams' 413 later.
        throw new IllegalStateException(
            "the card has " + total + " bytes after cutting, over " + CARD_BUDGET);
      }
      room -= total - CARD_BUDGET + 64;
    }
  }

  /** The lines and facts within {@code room} bytes: a list of text blocks, then facts. */
  private static List<List<ObjectNode>> cut(
      List<ObjectNode> lines, List<ObjectNode> facts, int room) {
    int linesSize = sizes(lines);
    int factsSize = facts.isEmpty() ? 0 : sizes(facts) + FACT_SET_BYTES;
    if (linesSize + factsSize <= room) {
      return List.of(lines, facts);
    }
    int linesRoom = Math.max(room - factsSize, Math.min(linesSize, room / 2));
    List<ObjectNode> shown = CardLimits.lines(lines, linesRoom);
    return List.of(shown, CardLimits.facts(facts, room - sizes(shown) - FACT_SET_BYTES));
  }

  private static ObjectNode withText(
      ObjectNode base, List<List<ObjectNode>> text, CardMentions people) {
    ObjectNode card = base.deepCopy();
    ArrayNode body = (ArrayNode) card.get("body");
    text.get(0).forEach(body::add);
    if (!text.get(1).isEmpty()) {
      ArrayNode set = body.addObject().put("type", "FactSet").putArray("facts");
      text.get(1).forEach(set::add);
    }
    people.entities(body).ifPresent(e -> card.putObject("msteams").set("entities", e));
    return card;
  }

  /**
   * The activity carrying the card: type message, one attachment of content type {@value
   * #CONTENT_TYPE}. Ids, conversation and recipient are the sender's to add.
   *
   * @throws IllegalArgumentException as {@link #card}
   */
  static ObjectNode activity(ChatMessage m, List<String> onlyFor) {
    ObjectNode activity = JSON.createObjectNode();
    activity.put("type", "message");
    activity
        .putArray("attachments")
        .addObject()
        .put("contentType", CONTENT_TYPE)
        .set("content", card(m, onlyFor));
    return activity;
  }

  /**
   * The body answering an {@code adaptiveCard/action} invoke with an updated card: Teams shows it
   * at once to the person who clicked.
   *
   * @throws IllegalArgumentException as {@link #card}
   */
  static ObjectNode invokeCard(ChatMessage m, List<String> onlyFor) {
    ObjectNode response = JSON.createObjectNode();
    response.put("statusCode", 200);
    response.put("type", CONTENT_TYPE);
    response.set("value", card(m, onlyFor));
    return response;
  }

  /**
   * The body answering an {@code adaptiveCard/action} invoke with a short text, which Teams shows
   * to the person who clicked, the card unchanged.
   */
  static ObjectNode invokeMessage(String text) {
    ObjectNode response = JSON.createObjectNode();
    response.put("statusCode", 200);
    response.put("type", "application/vnd.microsoft.activity.message");
    response.put("value", CardText.cut(Mention.names(text), 2048));
    return response;
  }

  private static ObjectNode header(ChatMessage m, Badge badge) {
    ObjectNode header = JSON.createObjectNode();
    header.put("type", "Container");
    header.put("style", badge.style);
    ArrayNode items = header.putArray("items");
    String title = CardText.oneLine(Mention.names(m.title()));
    if (!title.isEmpty()) {
      items
          .addObject()
          .put("type", "TextBlock")
          .put("text", CardText.cut(CardText.literal(title), TITLE_MAX_BYTES))
          .put("size", "medium")
          .put("weight", "bolder")
          .put("wrap", true);
    }
    items
        .addObject()
        .put("type", "TextBlock")
        .put("text", badge.text() + (m.ephemeral() ? " · only you" : ""))
        .put("color", badge.color)
        .put("weight", "bolder")
        .put("spacing", "none")
        .put("wrap", true);
    return header;
  }

  /** One text block per line of text; an empty line starts a new paragraph instead. */
  private static List<ObjectNode> lines(ChatMessage m, CardMentions people) {
    List<ObjectNode> out = new ArrayList<>();
    boolean gap = false;
    for (String line : m.lines()) {
      for (String part : CardText.lines(line)) {
        if (part.isBlank()) {
          gap = true;
          continue;
        }
        out.add(textBlock(CardText.render(part, people::tag), gap || out.isEmpty()));
        gap = false;
      }
    }
    return out;
  }

  static ObjectNode textBlock(String text, boolean spaced) {
    ObjectNode block = JSON.createObjectNode().put("type", "TextBlock").put("text", text);
    if (!spaced) {
      block.put("spacing", "none");
    }
    return block.put("wrap", true);
  }

  private static List<ObjectNode> facts(ChatMessage m, CardMentions people) {
    List<ObjectNode> out = new ArrayList<>();
    for (Field f : m.fields()) {
      String title = CardText.render(CardText.oneLine(f.name()), people::tag);
      String value = CardText.render(f.value().strip(), people::tag);
      out.add(fact(title, value.isEmpty() ? "–" : value));
    }
    return out;
  }

  static ObjectNode fact(String title, String value) {
    return JSON.createObjectNode().put("title", title).put("value", value);
  }

  private static ObjectNode button(Button b) {
    String label = CardText.oneLine(b.label());
    String title = CardText.cut(label.isEmpty() ? b.action() : label, LABEL_MAX_BYTES);
    return CardActions.execute(b.action(), b.value(), title).put("style", style(b.style()));
  }

  private static String style(Button.Style style) {
    switch (style) {
      case DANGER:
        return "destructive";
      case PRIMARY:
        return "positive";
      default:
        return "default";
    }
  }

  /** {@code Done: stop web01 — success}: for clients that cannot show the card, and previews. */
  private static String fallback(ChatMessage m, Badge badge) {
    String title = CardText.oneLine(Mention.names(m.title()));
    String word = badge.word.toLowerCase(java.util.Locale.ROOT);
    return CardText.cut(title.isEmpty() ? word : title + " — " + word, TITLE_MAX_BYTES);
  }

  /** The bytes {@code node} takes in compact JSON, UTF-8. */
  static int size(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node).length;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain nodes always serialises", e);
    }
  }

  /** The bytes of the nodes as elements of an array: each and its comma. */
  static int sizes(List<ObjectNode> nodes) {
    return nodes.stream().mapToInt(n -> size(n) + 1).sum();
  }

  /**
   * The status as a colour, an emoji and a word, as on Slack and Discord: colour is not the only
   * signal, and phones show both.
   */
  enum Badge {
    INFO("default", "default", "ℹ️", "Info"),
    PENDING("emphasis", "default", "🕓", "Pending"),
    RUNNING("accent", "accent", "⏳", "Running"),
    SUCCESS("good", "good", "✅", "Success"),
    WARNING("warning", "warning", "⚠️", "Warning"),
    FAILURE("attention", "attention", "❌", "Failure"),
    DENIED("attention", "attention", "🚫", "Denied");

    /** The header container's style. */
    final String style;

    /** The status word's colour. */
    final String color;

    final String emoji;
    final String word;

    Badge(String style, String color, String emoji, String word) {
      this.style = style;
      this.color = color;
      this.emoji = emoji;
      this.word = word;
    }

    static Badge of(ChatMessage.Status status) {
      return valueOf(status.name());
    }

    String text() {
      return emoji + " " + word;
    }
  }
}
