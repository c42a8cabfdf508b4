package io.iisbot.adapters.teams;

import static io.iisbot.adapters.teams.AdaptiveCardsTest.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatMessage.Button;
import io.iisbot.adapters.chat.ChatMessage.Field;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every shape the cards write and read, held to Microsoft's published samples and the Adaptive
 * Cards 1.5 schema (test resources {@code teams/cards/}, see their SOURCES.md).
 */
final class AdaptiveCardShapesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final ChatMessage FULL =
      new ChatMessage(
          "Stop web01",
          ChatMessage.Status.PENDING,
          List.of("Requested by " + ALICE, "", "Drains 30 s first."),
          List.of(new Field("Hosts", "web01"), new Field("Requested by", ALICE)),
          List.of(
              new Button("Confirm", "confirm", "v1.a", Button.Style.PRIMARY),
              new Button("Cancel", "cancel", "v1.b", Button.Style.DANGER),
              new Button("Details", "details", "v1.c", Button.Style.DEFAULT)),
          false,
          false);

  static JsonNode resource(String name) throws IOException {
    try (InputStream in =
        AdaptiveCardShapesTest.class.getResourceAsStream("/teams/cards/" + name)) {
      assertThat(in).as(name).isNotNull();
      return JSON.readTree(in);
    }
  }

  /**
   * Every field of {@code sample} is in {@code ours} with the same JSON type, recursively (arrays
   * by their first element), except {@code ignored} names.
   */
  static void assertSameShape(JsonNode sample, JsonNode ours, String path, Set<String> ignored) {
    assertThat(ours).as(path).isNotNull();
    assertThat(ours.getNodeType()).as(path).isEqualTo(sample.getNodeType());
    if (sample.isObject()) {
      sample
          .fieldNames()
          .forEachRemaining(
              name -> {
                if (!ignored.contains(name)) {
                  assertSameShape(sample.get(name), ours.get(name), path + "." + name, ignored);
                }
              });
    } else if (sample.isArray() && sample.size() > 0) {
      assertThat(ours.size()).as(path).isPositive();
      assertSameShape(sample.get(0), ours.get(0), path + "[0]", ignored);
    }
  }

  @Test
  void card_usesOnlyElementsPropertiesAndValuesOfTheSchema15() throws IOException {
    JsonNode card = AdaptiveCards.card(FULL, List.of("29:1abc"));
    JsonNode definitions = resource("adaptive-card-1.5.schema.json").get("definitions");

    List<String> problems = new ArrayList<>();
    check(card, "AdaptiveCard", definitions, "card", problems);

    assertThat(problems).isEmpty();
    assertThat(card.has("msteams")).isTrue();
  }

  @Test
  void schemaCheck_canFail_onAWrongValueAndAnUnknownProperty() throws IOException {
    ObjectNode card = AdaptiveCards.card(FULL, List.of());
    ObjectNode title = (ObjectNode) card.at("/body/0/items/0");
    title.put("weight", "bold").put("colour", "red");
    ((ObjectNode) card.at("/actions/0")).put("style", "primary");
    JsonNode definitions = resource("adaptive-card-1.5.schema.json").get("definitions");

    List<String> problems = new ArrayList<>();
    check(card, "AdaptiveCard", definitions, "card", problems);

    assertThat(problems)
        .containsExactlyInAnyOrder(
            "card.body.items.weight: \"bold\" not in [\"default\",\"lighter\",\"bolder\"]",
            "card.body.items.colour: not a property of TextBlock",
            "card.actions.style: \"primary\" not in [\"default\",\"positive\",\"destructive\"]");
  }

  /** Checks {@code node} as the schema's {@code definition}, and what it holds. */
  private static void check(
      JsonNode node, String definition, JsonNode definitions, String path, List<String> problems) {
    JsonNode def = definitions.get(definition);
    if (def == null) {
      problems.add(path + ": no definition " + definition);
      return;
    }
    Set<String> known = properties(def, definitions);
    node.fieldNames()
        .forEachRemaining(
            name -> {
              JsonNode value = node.get(name);
              String at = path + "." + name;
              if (definition.equals("AdaptiveCard") && name.equals("msteams")) {
                return; // Teams' extension (mentions), which the schema does not define.
              }
              if (!known.contains(name)) {
                problems.add(at + ": not a property of " + definition);
                return;
              }
              JsonNode property = propertyOf(def, name, definitions);
              String ref = ref(property);
              if (name.equals("data") || ref == null) {
                if (name.equals("type")
                    && property.has("enum")
                    && !property.get("enum").toString().contains("\"" + value.asText() + "\"")) {
                  problems.add(at + ": " + value + " not in " + property.get("enum"));
                }
                if (value.isArray()) {
                  String items = ref(property.path("items"));
                  for (int i = 0; i < value.size(); i++) {
                    if (items != null) {
                      check(value.get(i), element(value.get(i), items), definitions, at, problems);
                    }
                  }
                }
                return;
              }
              JsonNode target = definitions.get(ref);
              JsonNode enums = target.path("anyOf").path(0).path("enum");
              if (enums.isArray()) {
                if (!enums.toString().contains("\"" + value.asText() + "\"")) {
                  problems.add(at + ": " + value + " not in " + enums);
                }
              } else if (value.isObject()) {
                check(value, element(value, ref), definitions, at, problems);
              }
            });
  }

  /** An element of {@code ImplementationsOf.Element} and the like is checked as its type. */
  private static String element(JsonNode value, String declared) {
    return declared.startsWith("ImplementationsOf.") ? value.path("type").asText() : declared;
  }

  private static String ref(JsonNode property) {
    if (property.has("$ref")) {
      return property.get("$ref").asText().replace("#/definitions/", "");
    }
    for (JsonNode option : property.path("anyOf")) {
      if (option.has("$ref")) {
        return option.get("$ref").asText().replace("#/definitions/", "");
      }
    }
    return null;
  }

  private static Set<String> properties(JsonNode def, JsonNode definitions) {
    Set<String> out = new HashSet<>();
    def.path("properties").fieldNames().forEachRemaining(out::add);
    for (JsonNode parent : def.path("allOf")) {
      String ref = ref(parent);
      if (ref != null) {
        out.addAll(properties(definitions.get(ref), definitions));
      }
    }
    return out;
  }

  private static JsonNode propertyOf(JsonNode def, String name, JsonNode definitions) {
    JsonNode p = def.path("properties").get(name);
    if (p != null && !p.isEmpty()) {
      return p;
    }
    for (JsonNode parent : def.path("allOf")) {
      String ref = ref(parent);
      if (ref != null) {
        JsonNode found = propertyOf(definitions.get(ref), name, definitions);
        if (found != null && !found.isEmpty()) {
          return found;
        }
      }
    }
    return p == null ? JSON.createObjectNode() : p;
  }

  @Test
  void mention_hasTheShapeOfTeamsMentionSample() throws IOException {
    JsonNode sample = resource("mention-card.json");
    JsonNode card = AdaptiveCards.card(FULL, List.of());

    assertSameShape(sample.get("msteams"), card.get("msteams"), "msteams", Set.of());
    JsonNode entity = card.get("msteams").get("entities").get(0);
    assertThat(entity.get("type").asText())
        .isEqualTo(sample.at("/msteams/entities/0/type").asText());
    assertThat(card.get("body").get(1).get("text").asText()).contains(entity.get("text").asText());
  }

  @Test
  void activity_hasTheShapeOfTeamsCardActivity() throws IOException {
    JsonNode sample = resource("card-activity.json");
    JsonNode activity = AdaptiveCards.activity(FULL, List.of());

    // The envelope and the card's own fields; the body is held to the schema above.
    assertSameShape(sample, activity, "activity", Set.of("body"));
    assertThat(activity.at("/attachments/0/contentType").asText())
        .isEqualTo(sample.at("/attachments/0/contentType").asText());
  }

  @Test
  void factsAndActions_haveTheShapeOfTheSchemaSample() throws IOException {
    JsonNode sample = resource("action-execute-factset.json");
    JsonNode card = AdaptiveCards.card(FULL, List.of());
    JsonNode factSet = card.get("body").get(card.get("body").size() - 1);

    assertSameShape(sample.at("/body/1"), factSet, "FactSet", Set.of());
    assertSameShape(sample.at("/actions/0"), card.at("/actions/0"), "actions", Set.of());
    assertThat(card.at("/actions/0/type").asText())
        .isEqualTo(sample.at("/actions/0/type").asText());
  }

  @Test
  void refresh_hasTheShapeOfTheSamples() throws IOException {
    JsonNode card = AdaptiveCards.card(FULL, List.of("29:a", "29:b"));

    assertSameShape(
        resource("refresh-sample.json").get("refresh"), card.get("refresh"), "refresh", Set.of());
    assertSameShape(
        resource("user-specific-view-card.json").get("refresh"),
        card.get("refresh"),
        "refresh",
        // The refresh action shows no button, so it has no title; its data is ours.
        Set.of("title", "refresh info"));
  }

  @Test
  void invoke_fromTheSample_isNotOurs_withOurData_isTheClick() throws IOException {
    JsonNode invoke = resource("invoke-adaptive-card-action.json");
    ObjectNode ours = invoke.get("value").deepCopy();
    JsonNode confirm = AdaptiveCards.card(FULL, List.of()).at("/actions/0");
    ((ObjectNode) ours.get("action")).set("data", confirm.get("data"));
    ((ObjectNode) ours.get("action")).set("verb", confirm.get("verb"));
    ours.put("trigger", "manual");

    assertThat(invoke.get("name").asText()).isEqualTo("adaptiveCard/action");
    assertThat(CardActions.parse(invoke.get("value"))).isEmpty();
    assertThat(CardActions.parse(ours)).contains(new CardActions.Click("confirm", "v1.a"));
  }

  @Test
  void invokeResponses_haveTheShapeOfTheDocumentedBodies() throws IOException {
    JsonNode cardSample = resource("invoke-response-card.json");
    JsonNode messageSample = resource("invoke-response-message.json");
    JsonNode card = AdaptiveCards.invokeCard(FULL, List.of());
    JsonNode message = AdaptiveCards.invokeMessage("Cancelled.");

    assertSameShape(cardSample, card, "invokeCard", Set.of("body"));
    assertThat(card.get("type")).isEqualTo(cardSample.get("type"));
    assertThat(card.get("statusCode")).isEqualTo(cardSample.get("statusCode"));
    assertSameShape(messageSample, message, "invokeMessage", Set.of());
    assertThat(message.get("type")).isEqualTo(messageSample.get("type"));
    assertThat(message.get("statusCode")).isEqualTo(messageSample.get("statusCode"));
  }
}
