package io.iisbot.adapters.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * Every Discord fixture read with Jackson, its values pinned: the fixtures are what we claim, and
 * the stand-ins can be checked against them.
 */
final class DiscordFixtureShapesTest {

  @Test
  void slashCommandInteraction_isTheDocumentedCardsearchCommand() {
    JsonNode i = ChatFixtures.json("discord/slash-command-interaction.json");
    assertThat(i.path("type").asInt()).isEqualTo(2);
    assertThat(i.path("token").asText()).isEqualTo("A_UNIQUE_TOKEN");
    assertThat(i.path("id").asText()).isEqualTo("786008729715212338");
    assertThat(i.path("guild_id").asText()).isEqualTo("290926798626357999");
    assertThat(i.path("channel_id").asText()).isEqualTo("645027906669510667");
    assertThat(i.path("app_permissions").asText()).isEqualTo("442368");
    assertThat(i.path("locale").asText()).isEqualTo("en-US");
    assertThat(i.path("guild_locale").asText()).isEqualTo("en-US");
    JsonNode member = i.path("member");
    assertThat(member.path("user").path("id").asText()).isEqualTo("53908232506183680");
    assertThat(member.path("user").path("username").asText()).isEqualTo("Mason");
    assertThat(member.path("roles")).hasSize(1);
    assertThat(member.path("roles").get(0).asText()).isEqualTo("539082325061836999");
    assertThat(member.path("permissions").asText()).isEqualTo("2147483647");
    assertThat(member.path("nick").isNull()).isTrue();
    JsonNode data = i.path("data");
    assertThat(data.path("type").asInt()).isEqualTo(1);
    assertThat(data.path("name").asText()).isEqualTo("cardsearch");
    assertThat(data.path("id").asText()).isEqualTo("771825006014889984");
    assertThat(data.path("options")).hasSize(1);
    JsonNode option = data.path("options").get(0);
    assertThat(option.path("type").asInt()).isEqualTo(3);
    assertThat(option.path("name").asText()).isEqualTo("cardname");
    assertThat(option.path("value").asText()).isEqualTo("The Gitrog Monster");
  }

  @Test
  void slashCommandInteraction_isOldAndLacksWhatJda6Reads() {
    JsonNode i = ChatFixtures.json("discord/slash-command-interaction.json");
    long millis = (i.path("id").asLong() >> 22) + DiscordObjects.DISCORD_EPOCH_MILLIS;
    assertThat(Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC).getYear()).isEqualTo(2020);
    // Hence DiscordInteractions: JDA 6 needs these, and a fresh id.
    for (String field :
        new String[] {"guild", "channel", "context", "authorizing_integration_owners"}) {
      assertThat(i.has(field)).as(field).isFalse();
    }
  }

  @Test
  void commandRegistration_isBlepWithAChoiceAndABooleanOption() {
    JsonNode c = ChatFixtures.json("discord/slash-command-registration-example.json");
    assertThat(c.path("name").asText()).isEqualTo("blep");
    assertThat(c.path("type").asInt()).isEqualTo(1);
    assertThat(c.path("description").asText()).isEqualTo("Send a random adorable animal photo");
    JsonNode animal = c.path("options").get(0);
    assertThat(animal.path("name").asText()).isEqualTo("animal");
    assertThat(animal.path("type").asInt()).isEqualTo(3);
    assertThat(animal.path("required").asBoolean()).isTrue();
    assertThat(animal.path("choices")).hasSize(3);
    assertThat(animal.path("choices").get(0).path("name").asText()).isEqualTo("Dog");
    assertThat(animal.path("choices").get(0).path("value").asText()).isEqualTo("animal_dog");
    assertThat(animal.path("choices").get(2).path("value").asText()).isEqualTo("animal_penguin");
    JsonNode smol = c.path("options").get(1);
    assertThat(smol.path("name").asText()).isEqualTo("only_smol");
    assertThat(smol.path("type").asInt()).isEqualTo(5);
    assertThat(smol.path("required").asBoolean()).isFalse();
    assertThat(c.path("options")).hasSize(2);
  }

  @Test
  void componentsV2Message_hasATextDisplayAndARowOfTwoButtons() {
    JsonNode m = ChatFixtures.json("discord/message-with-buttons-components-v2.json");
    assertThat(m.path("flags").asInt()).isEqualTo(1 << 15);
    JsonNode text = m.path("components").get(0);
    assertThat(text.path("type").asInt()).isEqualTo(10);
    assertThat(text.path("content").asText()).isEqualTo("This is a message with v2 components");
    JsonNode row = m.path("components").get(1);
    assertThat(row.path("type").asInt()).isEqualTo(1);
    assertThat(row.path("components")).hasSize(2);
    JsonNode first = row.path("components").get(0);
    assertThat(first.path("type").asInt()).isEqualTo(2);
    assertThat(first.path("style").asInt()).isEqualTo(1);
    assertThat(first.path("label").asText()).isEqualTo("Click Me");
    assertThat(first.path("custom_id").asText()).isEqualTo("click_me_1");
    JsonNode second = row.path("components").get(1);
    assertThat(second.path("style").asInt()).isEqualTo(2);
    assertThat(second.path("custom_id").asText()).isEqualTo("click_me_2");
  }

  @Test
  void buttonInteraction_isNotJson_butItsDataIsAButtonClick() throws Exception {
    String text = ChatFixtures.text("discord/button-interaction-basic.jsonc");
    assertThatThrownBy(() -> DiscordObjects.JSON.readTree(text))
        .isInstanceOf(JsonProcessingException.class);

    // Drop the docs' "...additionalInteractionFields" placeholder; allow comments, trailing commas.
    String json = text.replaceAll("(?m)^\\s*\\.\\.\\.additionalInteractionFields.*$", "");
    JsonNode i =
        JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_TRAILING_COMMA)
            .build()
            .readTree(json);
    assertThat(i.path("type").asInt()).isEqualTo(3);
    assertThat(i.path("data").path("component_type").asInt()).isEqualTo(2);
    assertThat(i.path("data").path("id").asInt()).isEqualTo(2);
    assertThat(i.path("data").path("custom_id").asText()).isEqualTo("click_me");
  }

  @Test
  void djsPing_isType1() {
    JsonNode i = ChatFixtures.json("discord/djs-test-ping.json");
    assertThat(i.path("type").asInt()).isEqualTo(1);
    assertThat(i.path("version").asInt()).isEqualTo(1);
    assertThat(i.path("id").asText()).isEqualTo("787053080478613555");
    assertThat(i.path("token").asText()).isEqualTo("ThisIsATokenFromDiscordThatIsVeryLong");
    assertThat(i.has("data")).isFalse();
  }

  @Test
  void djsApplicationCommand_isType2NamedTest() {
    JsonNode i = ChatFixtures.json("discord/djs-test-application-command.json");
    assertThat(i.path("type").asInt()).isEqualTo(2);
    assertThat(i.path("id").asText()).isEqualTo("787053080478613556");
    assertThat(i.path("data").path("name").asText()).isEqualTo("test");
    assertThat(i.path("data").path("id").asText()).isEqualTo("787053080478613554");
    assertThat(i.path("data").has("options")).isFalse();
  }

  @Test
  void djsMessageComponent_isType3ButtonTest() {
    JsonNode i = ChatFixtures.json("discord/djs-test-message-component.json");
    assertThat(i.path("type").asInt()).isEqualTo(3);
    assertThat(i.path("data").path("custom_id").asText()).isEqualTo("test");
    assertThat(i.path("data").path("component_type").asInt()).isEqualTo(2);
  }

  @Test
  void djsAutocomplete_isType4WithAFocusedStringOption() {
    JsonNode i = ChatFixtures.json("discord/djs-test-autocomplete.json");
    assertThat(i.path("type").asInt()).isEqualTo(4);
    JsonNode data = i.path("data");
    assertThat(data.path("name").asText()).isEqualTo("test");
    assertThat(data.path("type").asInt()).isEqualTo(1);
    assertThat(data.path("version").asText()).isEqualTo("787053080478613554");
    assertThat(data.path("options")).hasSize(1);
    JsonNode option = data.path("options").get(0);
    assertThat(option.path("type").asInt()).isEqualTo(3);
    assertThat(option.path("name").asText()).isEqualTo("option");
    assertThat(option.path("value").asText()).isEqualTo("first_option");
    assertThat(option.path("focused").asBoolean()).isTrue();
  }

  @Test
  void rfc8032Vectors_areThreeCasesOf32ByteKeysAnd64ByteSignatures() {
    JsonNode v = ChatFixtures.json("crypto/rfc8032-ed25519-vectors.json");
    assertThat(v.path("ed25519_spki_der_prefix_hex").asText())
        .isEqualTo("302a300506032b6570032100");
    assertThat(v.path("cases")).hasSize(3);
    for (JsonNode c : v.path("cases")) {
      assertThat(c.path("secret_key").asText()).hasSize(64);
      assertThat(c.path("public_key").asText()).hasSize(64);
      assertThat(c.path("signature").asText()).hasSize(128);
    }
    assertThat(v.path("cases").get(0).path("public_key").asText())
        .isEqualTo("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  }
}
