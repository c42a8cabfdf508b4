package io.iisbot.adapters.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link DiscordInteractions} builds what the fixtures show, fresh each time. */
final class DiscordInteractionsTest {

  private static final String GUILD = DiscordStub.GUILD_ID;
  private static final String CHANNEL = DiscordStub.CHANNEL_ID;
  private static final String USER = DiscordStub.OPERATOR_ID;
  private static final String ONCALL = DiscordStub.ONCALL_ROLE_ID;

  private final DiscordInteractions interactions = new DiscordInteractions();

  @Test
  void command_hasEveryFieldOfTheDocumentedSample() {
    String command =
        interactions.command(
            GUILD, CHANNEL, USER, List.of(ONCALL), "iis", null, Map.of("target", "web01"));
    assertShape(ChatFixtures.json("discord/slash-command-interaction.json"), json(command), "$");
  }

  @Test
  void otherKinds_haveEveryFieldOfTheirSamples() throws Exception {
    String autocomplete =
        interactions.autocomplete(
            GUILD, CHANNEL, USER, List.of(), "iis", null, Map.of("target", "we"), "target");
    assertShape(ChatFixtures.json("discord/djs-test-autocomplete.json"), json(autocomplete), "$");
    String button =
        interactions.button(GUILD, CHANNEL, USER, List.of(), "1301000000000000500", "go");
    assertShape(ChatFixtures.json("discord/djs-test-message-component.json"), json(button), "$");
    String clicked =
        ChatFixtures.text("discord/button-interaction-basic.jsonc")
            .replaceAll("(?m)^\\s*\\.\\.\\.additionalInteractionFields.*$", "");
    JsonNode documented =
        JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_TRAILING_COMMA)
            .build()
            .readTree(clicked);
    assertShape(documented, json(button), "$");
    assertShape(ChatFixtures.json("discord/djs-test-ping.json"), json(interactions.ping()), "$");
  }

  @Test
  void command_inTheGuild_carriesWhatJda6Reads() {
    JsonNode i =
        json(
            interactions.command(GUILD, CHANNEL, USER, List.of(ONCALL), "iis", "status", Map.of()));
    assertThat(i.path("type").asInt()).isEqualTo(2);
    assertThat(i.path("version").asInt()).isEqualTo(1);
    assertThat(i.path("application_id").asText()).isEqualTo(DiscordStub.APPLICATION_ID);
    assertThat(i.path("guild").path("id").asText()).isEqualTo(GUILD);
    assertThat(i.path("guild_id").asText()).isEqualTo(GUILD);
    assertThat(i.path("channel").path("id").asText()).isEqualTo(CHANNEL);
    assertThat(i.path("channel").path("type").asInt()).isZero();
    assertThat(i.path("channel_id").asText()).isEqualTo(CHANNEL);
    assertThat(i.path("context").asInt()).isZero();
    assertThat(i.path("authorizing_integration_owners").path("0").asText()).isEqualTo(GUILD);
    assertThat(i.path("member").path("user").path("id").asText()).isEqualTo(USER);
    assertThat(i.path("member").path("roles").get(0).asText()).isEqualTo(ONCALL);
    assertThat(i.path("member").path("roles")).hasSize(1);
    assertThat(i.path("locale").asText()).isEqualTo("en-US");
    assertThat(i.path("data").path("id").asText()).isEqualTo(DiscordObjects.commandId(null, "iis"));
    assertThat(i.path("data").path("options").get(0))
        .isEqualTo(json("{\"type\":1,\"name\":\"status\"}"));
  }

  @Test
  void ids_areSnowflakesOfTheClocksTime_andTokensAreFreshEachTime() {
    Instant now = Instant.parse("2026-01-02T03:04:05.678Z");
    DiscordInteractions fixed = new DiscordInteractions(Clock.fixed(now, ZoneOffset.UTC));
    String first = fixed.ping();
    String second = fixed.ping();

    long id = Long.parseLong(DiscordInteractions.id(first));
    assertThat((id >> 22) + DiscordObjects.DISCORD_EPOCH_MILLIS).isEqualTo(now.toEpochMilli());
    assertThat(DiscordInteractions.id(second)).isNotEqualTo(DiscordInteractions.id(first));
    assertThat(DiscordInteractions.token(second)).isNotEqualTo(DiscordInteractions.token(first));
    String token =
        new String(
            Base64.getUrlDecoder().decode(DiscordInteractions.token(first)),
            StandardCharsets.UTF_8);
    assertThat(token).startsWith("interaction:" + id + ":");
  }

  @Test
  void options_areTypedByTheirValues_andNestedUnderTheSubcommand() {
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("target", "web01");
    options.put("drain", 30);
    options.put("limit", 5L);
    options.put("force", true);
    options.put("ratio", 0.5);

    JsonNode top =
        json(interactions.command(GUILD, CHANNEL, USER, List.of(), "iis", null, options));
    assertThat(top.path("data").path("options"))
        .isEqualTo(
            json(
                "[{\"type\":3,\"name\":\"target\",\"value\":\"web01\"},"
                    + "{\"type\":4,\"name\":\"drain\",\"value\":30},"
                    + "{\"type\":4,\"name\":\"limit\",\"value\":5},"
                    + "{\"type\":5,\"name\":\"force\",\"value\":true},"
                    + "{\"type\":10,\"name\":\"ratio\",\"value\":0.5}]"));
    JsonNode nested =
        json(interactions.command(GUILD, CHANNEL, USER, List.of(), "iis", "stop", options));
    JsonNode sub = nested.path("data").path("options").get(0);
    assertThat(sub.path("name").asText()).isEqualTo("stop");
    assertThat(sub.path("options")).isEqualTo(top.path("data").path("options"));
  }

  @Test
  void autocomplete_marksTheFocusedOption_withTheTextTypedSoFar() {
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("target", "we");
    options.put("drain", 30);
    JsonNode i =
        json(
            interactions.autocomplete(
                GUILD, CHANNEL, USER, List.of(), "iis", "stop", options, "drain"));

    assertThat(i.path("type").asInt()).isEqualTo(4);
    JsonNode given = i.path("data").path("options").get(0).path("options");
    assertThat(given.get(0)).isEqualTo(json("{\"type\":3,\"name\":\"target\",\"value\":\"we\"}"));
    assertThat(given.get(1))
        .isEqualTo(json("{\"type\":4,\"name\":\"drain\",\"value\":\"30\",\"focused\":true}"));
  }

  @Test
  void button_isOnTheBotsMessage_whichCarriesIt() {
    JsonNode i =
        json(
            interactions.button(
                GUILD, CHANNEL, USER, List.of(ONCALL), "1301000000000000500", "confirm:42"));
    assertThat(i.path("type").asInt()).isEqualTo(3);
    assertThat(i.path("data"))
        .isEqualTo(json("{\"component_type\":2,\"custom_id\":\"confirm:42\",\"id\":2}"));
    JsonNode message = i.path("message");
    assertThat(message.path("id").asText()).isEqualTo("1301000000000000500");
    assertThat(message.path("channel_id").asText()).isEqualTo(CHANNEL);
    assertThat(message.path("author").path("id").asText()).isEqualTo(DiscordStub.BOT_USER_ID);
    assertThat(
            message.path("components").get(0).path("components").get(0).path("custom_id").asText())
        .isEqualTo("confirm:42");
  }

  @Test
  void directMessageCommand_hasAUserAndAPrivateChannel_andNoGuildOrMember() {
    JsonNode i =
        json(
            interactions.directMessageCommand(
                "1301000000000000055", "1301000000000000066", "iis", null, Map.of()));
    assertThat(i.has("guild_id")).isFalse();
    assertThat(i.has("guild")).isFalse();
    assertThat(i.has("member")).isFalse();
    assertThat(i.path("user").path("id").asText()).isEqualTo("1301000000000000066");
    assertThat(i.path("channel").path("type").asInt()).isEqualTo(1);
    assertThat(i.path("channel_id").asText()).isEqualTo("1301000000000000055");
    assertThat(i.path("context").asInt()).isEqualTo(1);
    assertThat(i.path("authorizing_integration_owners").path("0").asText()).isEqualTo("0");
  }

  @Test
  void badArguments_areRefusedWithTheBadValue() {
    assertThatThrownBy(
            () ->
                interactions.command(
                    GUILD, CHANNEL, USER, List.of(), "iis", null, Map.of("at", Instant.EPOCH)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "an option value is a String, Integer, Long, Boolean or Double, was java.time.Instant");
    assertThatThrownBy(
            () ->
                interactions.autocomplete(
                    GUILD, CHANNEL, USER, List.of(), "iis", null, Map.of("target", "w"), "pool"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the focused option must be among the options [target], was pool");
  }

  /**
   * Every field of the sample is in the built object, with the same JSON type where both have a
   * value (a sample's avatar hash may be our null); arrays compare their first elements.
   */
  private static void assertShape(JsonNode sample, JsonNode built, String at) {
    if (sample.isObject()) {
      assertThat(built.isObject()).as(at + " is an object").isTrue();
      sample
          .fieldNames()
          .forEachRemaining(
              name -> {
                assertThat(built.has(name)).as(at + "." + name + " is present").isTrue();
                assertShape(sample.get(name), built.get(name), at + "." + name);
              });
    } else if (sample.isArray()) {
      assertThat(built.isArray()).as(at + " is an array").isTrue();
      if (!sample.isEmpty() && !built.isEmpty()) {
        assertShape(sample.get(0), built.get(0), at + "[0]");
      }
    } else if (!sample.isNull() && !built.isNull()) {
      assertThat(built.getNodeType()).as(at + " type").isEqualTo(sample.getNodeType());
    }
  }

  private static JsonNode json(String text) {
    return DiscordObjects.parse(text);
  }
}
