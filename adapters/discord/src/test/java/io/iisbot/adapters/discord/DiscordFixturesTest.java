package io.iisbot.adapters.discord;

import static io.iisbot.adapters.discord.Fixtures.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatMessage.Button;
import io.iisbot.adapters.chat.ChatMessage.Status;
import io.iisbot.adapters.discord.ButtonIds.Click;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Our buttons against Discord's documented samples: the same shape, and clicks we can read. */
final class DiscordFixturesTest {

  private final ButtonIds ids = new ButtonIds(Duration.ofMinutes(15), 100);

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void docsActionRow_hasTheShapeOfOurs() {
    JsonNode docs = Fixtures.json("discord/message-with-buttons-components-v2.json");
    JsonNode docsRow = docs.get("components").get(1);
    ChatMessage m =
        new ChatMessage(
            "x",
            Status.INFO,
            List.of(),
            List.of(),
            List.of(
                new Button("Click Me", "click", "1", Button.Style.PRIMARY),
                new Button("Click Me Too", "click", "2", Button.Style.DEFAULT)),
            false,
            false);

    JsonNode ours = DiscordMessages.toJson(m, ids, JSON).get("components").get(0);

    assertThat(ours.get("type")).isEqualTo(docsRow.get("type"));
    assertThat(ours.get("components")).hasSameSizeAs(docsRow.get("components"));
    for (int i = 0; i < 2; i++) {
      JsonNode docsButton = docsRow.get("components").get(i);
      JsonNode button = ours.get("components").get(i);
      assertThat(fieldNames(button)).containsExactlyInAnyOrderElementsOf(fieldNames(docsButton));
      assertThat(button.get("type")).isEqualTo(docsButton.get("type"));
      assertThat(button.get("style")).isEqualTo(docsButton.get("style"));
      assertThat(button.get("label")).isEqualTo(docsButton.get("label"));
    }
  }

  @Test
  void docsComponentsV2Message_isNotWhatWeSend() {
    // Components v2 (flag 32768) forbids embeds; our messages are embeds with classic rows.
    JsonNode docs = Fixtures.json("discord/message-with-buttons-components-v2.json");
    JsonNode ours = DiscordMessages.toJson(DiscordMessagesTest.prompt(), ids, JSON);

    assertThat(docs.get("flags").asInt() & 32768).isNotZero();
    assertThat(ours.path("flags").asInt() & 32768).isZero();
    assertThat(ours.get("embeds")).hasSize(1);
  }

  @Test
  void docsButtonInteraction_withOurId_resolvesToTheClick() {
    JsonNode docs = Fixtures.jsonc("discord/button-interaction-basic.jsonc");
    JsonNode row =
        DiscordMessages.toJson(DiscordMessagesTest.prompt(), ids, JSON).at("/components/0");
    String confirm = row.at("/components/0/custom_id").asText();

    assertThat(docs.get("type").asInt()).isEqualTo(3);
    assertThat(docs.at("/data/component_type").asInt())
        .isEqualTo(row.at("/components/0/type").asInt());
    assertThat(ids.resolve(docs.at("/data/custom_id").asText())).isEmpty();
    ObjectNode clicked = docs.deepCopy();
    ((ObjectNode) clicked.get("data")).put("custom_id", confirm);
    assertThat(ids.resolve(clicked.at("/data/custom_id").asText()))
        .contains(new Click("confirm", DiscordMessagesTest.TOKEN));
  }
}
