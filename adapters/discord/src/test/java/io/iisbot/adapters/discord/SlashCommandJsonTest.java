package io.iisbot.adapters.discord;

import static io.iisbot.adapters.discord.Commands.iis;
import static io.iisbot.adapters.discord.Commands.option;
import static io.iisbot.adapters.discord.Commands.sub;
import static io.iisbot.adapters.discord.Fixtures.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.iisbot.adapters.chat.CommandCatalog;
import io.iisbot.adapters.chat.CommandCatalog.Entry;
import io.iisbot.adapters.chat.CommandCatalog.Option.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The /iis command as Discord registers it, within Discord's rules, as JSON and through JDA. */
final class SlashCommandJsonTest {

  /** The keys JDA adds, with the values it gives them when we set nothing. */
  private static final Map<String, JsonNode> JDA_DEFAULTS =
      Map.of(
          "name_localizations", JSON.createObjectNode(),
          "description_localizations", JSON.createObjectNode(),
          "nsfw", JSON.getNodeFactory().booleanNode(false),
          "autocomplete", JSON.getNodeFactory().booleanNode(false),
          "default_member_permissions", JSON.getNodeFactory().nullNode(),
          "contexts", JSON.createArrayNode().add("0").add("1"),
          "integration_types", JSON.createArrayNode().add("0"));

  /** Every key of {@code ours} is in {@code jda} with the same value; JDA's others are defaults. */
  private static void assertJdaSays(JsonNode ours, JsonNode jda, String path) {
    if (!ours.isContainerNode()) {
      assertThat(jda).as(path).isEqualTo(ours);
      return;
    }
    if (ours.isArray()) {
      assertThat(jda.isArray()).as(path).isTrue();
      assertThat(jda).as(path).hasSameSizeAs(ours);
      for (int i = 0; i < ours.size(); i++) {
        assertJdaSays(ours.get(i), jda.get(i), path + "/" + i);
      }
      return;
    }
    ours.fieldNames()
        .forEachRemaining(k -> assertJdaSays(ours.get(k), jda.path(k), path + "/" + k));
    jda.fieldNames()
        .forEachRemaining(
            k -> {
              if (!ours.has(k)) {
                assertThat(JDA_DEFAULTS).as(path + "/" + k).containsEntry(k, jda.get(k));
              }
            });
  }

  private static void assertJdaAgrees(CommandCatalog c) throws Exception {
    // Parsed from text like JDA's, so that a number is the same kind of node on both sides.
    JsonNode ours = JSON.readTree(SlashCommandJson.registration(c, JSON).toString());
    JsonNode jda = JSON.readTree(SlashCommandJson.toJda(c).toData().toString());
    assertThat(ours).hasSize(1);
    assertJdaSays(ours.get(0), jda, "");
  }

  @Test
  void registration_stopAndEvents_isWhatDiscordTakes() throws Exception {
    CommandCatalog c =
        iis(
            sub(
                "stop",
                "target",
                option("target", Kind.STRING, true, true),
                option("force", Kind.BOOLEAN, false, false),
                option("batch", Kind.INTEGER, false, false)),
            sub(
                "events",
                "target",
                option("target", Kind.STRING, true, true),
                option("level", Kind.STRING, false, false, "warning", "error")),
            sub("console", null));

    assertThat(SlashCommandJson.registration(c, JSON))
        .isEqualTo(
            JSON.readTree(
                """
                [{"name": "iis", "description": "stop, start and inspect IIS", "type": 1,
                  "contexts": ["0", "1"], "integration_types": ["0"],
                  "options": [
                    {"type": 1, "name": "stop", "description": "stop it", "options": [
                      {"type": 3, "name": "target", "description": "the target",
                       "required": true, "autocomplete": true},
                      {"type": 5, "name": "force", "description": "the force", "required": false},
                      {"type": 4, "name": "batch", "description": "the batch", "required": false}]},
                    {"type": 1, "name": "events", "description": "events it", "options": [
                      {"type": 3, "name": "target", "description": "the target",
                       "required": true, "autocomplete": true},
                      {"type": 3, "name": "level", "description": "the level", "required": false,
                       "choices": [{"name": "warning", "value": "warning"},
                                   {"name": "error", "value": "error"}]}]},
                    {"type": 1, "name": "console", "description": "console it", "options": []}]}]
                """));
    assertJdaAgrees(c);
  }

  @Test
  void registration_theBotsCommand_agreesWithJda() throws Exception {
    assertJdaAgrees(Commands.IIS);
  }

  @Test
  void registration_options_haveTheKeysOfDiscordsExample() {
    JsonNode docs = Fixtures.json("discord/slash-command-registration-example.json");
    JsonNode ours = SlashCommandJson.registration(Commands.IIS, JSON).get(0);

    // The example predates contexts and integration types, which we set as JDA does.
    assertThat(fieldNames(ours))
        .containsExactlyInAnyOrderElementsOf(
            java.util.stream.Stream.concat(
                    fieldNames(docs).stream(),
                    java.util.stream.Stream.of("contexts", "integration_types"))
                .toList());
    assertThat(ours.get("type")).isEqualTo(docs.get("type"));
    JsonNode docsChoiceOption = docs.at("/options/0");
    JsonNode docsPlainOption = docs.at("/options/1");
    JsonNode events = ours.at("/options/2");
    assertThat(events.get("name").asText()).isEqualTo("events");
    JsonNode level = events.at("/options/2");
    assertThat(level.get("name").asText()).isEqualTo("level");
    assertThat(fieldNames(level)).containsExactlyInAnyOrderElementsOf(fieldNames(docsChoiceOption));
    assertThat(fieldNames(level.at("/choices/0")))
        .containsExactlyInAnyOrderElementsOf(fieldNames(docsChoiceOption.at("/choices/0")));
    JsonNode since = events.at("/options/1");
    assertThat(fieldNames(since)).containsExactlyInAnyOrderElementsOf(fieldNames(docsPlainOption));
    for (JsonNode o : List.of(level, since)) {
      assertThat(o.get("type").isInt()).isTrue();
      assertThat(o.get("required").isBoolean()).isTrue();
    }
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void registration_requiredAfterOptional_isReorderedKeepingTheRestInOrder() throws Exception {
    CommandCatalog c =
        iis(
            sub(
                "stop",
                null,
                option("a", Kind.STRING, false, false),
                option("b", Kind.STRING, true, false),
                option("c", Kind.BOOLEAN, false, false),
                option("d", Kind.INTEGER, true, false)));

    JsonNode options = SlashCommandJson.registration(c, JSON).at("/0/options/0/options");

    assertThat(options.findValuesAsText("name")).containsExactly("b", "d", "a", "c");
    assertJdaAgrees(c);
  }

  @Test
  void registration_longDescriptions_areCutTo100() throws Exception {
    String long120 = "abcdefghij".repeat(12);
    CommandCatalog c =
        new CommandCatalog(
            "iis",
            long120,
            List.of(new Entry("stop", "line one\nline two\t and  more", null, List.of())));

    JsonNode command = SlashCommandJson.registration(c, JSON).get(0);

    assertThat(command.get("description").asText()).hasSize(100).endsWith("hijabcdefghi…");
    assertThat(command.at("/options/0/description").asText())
        .isEqualTo("line one line two and more");
    assertJdaAgrees(c);
  }

  @Test
  void registration_autocompleteWithChoicesOrOnABoolean_isDropped() throws Exception {
    CommandCatalog c =
        iis(
            sub(
                "events",
                null,
                option("level", Kind.STRING, false, true, "warning"),
                option("batch", Kind.INTEGER, false, true, "1", "2"),
                option("force", Kind.BOOLEAN, false, true)));

    JsonNode options = SlashCommandJson.registration(c, JSON).at("/0/options/0/options");

    assertThat(options.findValues("autocomplete")).isEmpty();
    assertThat(options.at("/1/choices/1/value").isIntegralNumber()).isTrue();
    assertThat(options.at("/1/choices/1/value").asLong()).isEqualTo(2);
    assertJdaAgrees(c);
  }

  @Test
  void registration_unicodeLowerCaseNames_areAccepted() throws Exception {
    CommandCatalog c = iis(sub("état", null, option("durée_1", Kind.STRING, false, false)));

    assertThat(SlashCommandJson.registration(c, JSON).at("/0/options/0/name").asText())
        .isEqualTo("état");
    assertJdaAgrees(c);
  }
}
