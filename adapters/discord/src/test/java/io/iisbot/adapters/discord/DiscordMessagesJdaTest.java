package io.iisbot.adapters.discord;

import static io.iisbot.adapters.discord.Fixtures.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatMessage.Button;
import io.iisbot.adapters.chat.ChatMessage.Field;
import io.iisbot.adapters.chat.ChatMessage.Status;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import net.dv8tion.jda.api.utils.messages.MessageEditData;
import org.junit.jupiter.api.Test;

/** The JDA rendering is the JSON rendering: same embed, same buttons, nothing JDA refuses. */
final class DiscordMessagesJdaTest {

  private final ButtonIds ids = new ButtonIds(Duration.ofMinutes(15), 1_000);

  private static JsonNode tree(String json) throws Exception {
    return JSON.readTree(json);
  }

  /** JDA's message JSON with its buttons' {@code "disabled": false} left out. */
  private JsonNode components(JsonNode jdaMessage) {
    JsonNode rows = jdaMessage.get("components").deepCopy();
    for (JsonNode row : rows) {
      for (JsonNode b : row.get("components")) {
        assertThat(b.get("disabled").asBoolean()).isFalse();
        ((ObjectNode) b).remove("disabled");
      }
    }
    return rows;
  }

  private static ChatMessage big() {
    List<Field> fields =
        IntStream.range(0, 40).mapToObj(i -> new Field("F" + i, "v".repeat(900))).toList();
    List<Button> buttons =
        IntStream.range(0, 7)
            .mapToObj(i -> new Button("B" + i, "a" + i, "t" + i, Button.Style.values()[i % 3]))
            .toList();
    return new ChatMessage(
        "T".repeat(300),
        Status.FAILURE,
        List.of("l".repeat(5_000), "m".repeat(5_000)),
        fields,
        buttons,
        true,
        true);
  }

  @Test
  void toJda_prompt_hasTheSameEmbedAndButtonsAsTheJson() throws Exception {
    ChatMessage prompt = DiscordMessagesTest.prompt();
    JsonNode json = Clicks.resolved(DiscordMessages.toJson(prompt, ids, JSON), ids);

    MessageCreateData data = DiscordMessages.toJda(prompt, ids);
    JsonNode jda = tree(data.toData().toString());

    assertThat(data.getEmbeds()).hasSize(1);
    assertThat(tree(data.getEmbeds().get(0).toData().toString())).isEqualTo(json.at("/embeds/0"));
    assertThat(Clicks.resolved(JSON.createObjectNode().set("components", components(jda)), ids))
        .isEqualTo(JSON.createObjectNode().set("components", json.get("components")));
    assertThat(jda.get("content").asText()).isEmpty();
    assertThat(jda.at("/allowed_mentions/parse")).isEmpty();
  }

  @Test
  void toJda_atEveryLimit_isAcceptedByJdaAndMatchesTheJson() throws Exception {
    JsonNode json = Clicks.resolved(DiscordMessages.toJson(big(), ids, JSON), ids);

    MessageCreateData data = DiscordMessages.toJda(big(), ids);

    MessageEmbed embed = data.getEmbeds().get(0);
    assertThat(embed.isSendable()).isTrue();
    assertThat(embed.getLength()).isLessThanOrEqualTo(MessageEmbed.EMBED_MAX_LENGTH_BOT);
    assertThat(tree(embed.toData().toString())).isEqualTo(json.at("/embeds/0"));
    JsonNode jda = tree(data.toData().toString());
    assertThat(Clicks.resolved(JSON.createObjectNode().set("components", components(jda)), ids))
        .isEqualTo(JSON.createObjectNode().set("components", json.get("components")));
  }

  @Test
  void toJda_ephemeral_isLeftToTheReply() throws Exception {
    // JDA has no ephemeral flag on message data; the adapter calls setEphemeral on the reply.
    JsonNode jda = tree(DiscordMessages.toJda(big(), ids).toData().toString());

    assertThat(jda.get("flags").asInt() & DiscordMessages.EPHEMERAL).isZero();
  }

  @Test
  void toJdaEdit_replacesContentEmbedAndButtons() throws Exception {
    ChatMessage result = DiscordMessagesTest.result();
    JsonNode json = DiscordMessages.toJsonEdit(result, ids, JSON);

    MessageEditData edit = DiscordMessages.toJdaEdit(result, ids);
    JsonNode jda = tree(edit.toData().toString());

    assertThat(jda.get("content").asText()).isEmpty();
    assertThat(jda.get("components")).isEmpty();
    assertThat(jda.get("embeds")).isEqualTo(json.get("embeds"));
    assertThat(jda.at("/allowed_mentions/parse")).isEmpty();
    assertThat(jda.has("flags")).isFalse();
  }

  @Test
  void toJdaEdit_prompt_carriesTheButtons() throws Exception {
    MessageEditData edit = DiscordMessages.toJdaEdit(DiscordMessagesTest.prompt(), ids);

    JsonNode rows = Clicks.resolved(tree(edit.toData().toString()), ids).get("components");

    assertThat(rows.at("/0/components/0/custom_id").asText())
        .isEqualTo("→ confirm " + DiscordMessagesTest.TOKEN);
    assertThat(rows.at("/0/components/0/style").asInt()).isEqualTo(4);
    assertThat(rows.at("/0/components/1/style").asInt()).isEqualTo(2);
  }
}
