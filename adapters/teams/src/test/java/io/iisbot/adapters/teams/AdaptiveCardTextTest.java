package io.iisbot.adapters.teams;

import static io.iisbot.adapters.teams.AdaptiveCardsTest.ALICE;
import static io.iisbot.adapters.teams.AdaptiveCardsTest.ALICE_ID;
import static io.iisbot.adapters.teams.AdaptiveCardsTest.message;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.iisbot.adapters.chat.ChatMessage.Field;
import io.iisbot.adapters.chat.Identity;
import io.iisbot.adapters.chat.Mention;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Text in cards shows as written; people on Teams are mentions, anyone else a name. */
final class AdaptiveCardTextTest {

  private static final String Z = "\u200B";

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "**bold** and _it_ | \\*\\*bold\\*\\* and \\_it\\_",
        "[click](https://evil) | [click]" + Z + "(https://evil)",
        "- not a list | " + Z + "- not a list",
        "'  + nor this' | '  " + Z + "+ nor this'",
        "12. nor this | " + Z + "12. nor this",
        "web01 stopped at 12.30 | web01 stopped at 12.30",
        "3 hosts | 3 hosts",
        "{{DATE(2017-02-14T06:08:39Z, SHORT)}} | {" + Z + "{DATE(2017-02-14T06:08:39Z, SHORT)}}",
        "<at>Bob</at> | <" + Z + "at>Bob<" + Z + "/at>",
        "a < b & c > d | a < b & c > d",
      })
  void literal_breaksWhatTeamsWouldRead_andKeepsTheRest(String raw, String shown) {
    assertThat(CardText.literal(raw)).isEqualTo(shown);
  }

  @Test
  void teamsUser_isAnAtMention_withAnEntityByEntraObjectId() {
    JsonNode card =
        AdaptiveCards.card(
            message(
                List.of("Requested by " + ALICE + ", twice: " + ALICE),
                List.of(new Field("Confirmed by", ALICE)),
                List.of()),
            List.of());

    assertThat(card.get("body").get(1).get("text").asText())
        .isEqualTo("Requested by <at>Alice</at>, twice: <at>Alice</at>");
    assertThat(card.get("body").get(2).get("facts").get(0).get("value").asText())
        .isEqualTo("<at>Alice</at>");
    JsonNode entities = card.get("msteams").get("entities");
    assertThat(entities).hasSize(1);
    assertThat(entities.get(0).get("type").asText()).isEqualTo("mention");
    assertThat(entities.get(0).get("text").asText()).isEqualTo("<at>Alice</at>");
    assertThat(entities.get(0).get("mentioned").get("id").asText()).isEqualTo(ALICE_ID);
    assertThat(entities.get(0).get("mentioned").get("name").asText()).isEqualTo("Alice");
  }

  @Test
  void twoPeopleWithOneName_getDifferentMentionTexts() {
    String other = new Mention(Identity.parse("teams:0000-1111"), "Alice").token();
    JsonNode card =
        AdaptiveCards.card(
            message(List.of(ALICE + " and " + other), List.of(), List.of()), List.of());

    assertThat(card.get("body").get(1).get("text").asText())
        .isEqualTo("<at>Alice</at> and <at>Alice (2)</at>");
    assertThat(card.get("msteams").get("entities")).hasSize(2);
    assertThat(card.get("msteams").get("entities").get(1).get("mentioned").get("id").asText())
        .isEqualTo("0000-1111");
  }

  @Test
  void someoneNotOnTeams_isTheirName_escaped_withoutEntity() {
    String op = new Mention(Identity.parse("slack:U1"), "op*erator").token();
    JsonNode card =
        AdaptiveCards.card(message(List.of("by " + op), List.of(), List.of()), List.of());

    assertThat(card.get("body").get(1).get("text").asText()).isEqualTo("by op\\*erator");
    assertThat(card.has("msteams")).isFalse();
  }

  @Test
  void aNameWithTagCharacters_cannotBreakTheMention() {
    String odd = new Mention(Identity.parse("teams:abc"), "<b>Eve</at>").token();
    JsonNode card = AdaptiveCards.card(message(List.of(odd), List.of(), List.of()), List.of());

    assertThat(card.get("body").get(1).get("text").asText()).isEqualTo("<at>bEve/at</at>");
  }

  @Test
  void title_isOneLine_escaped() {
    var m =
        new io.iisbot.adapters.chat.ChatMessage(
            "Stop *web01*\nnow",
            io.iisbot.adapters.chat.ChatMessage.Status.RUNNING,
            List.of(),
            List.of(),
            List.of(),
            false,
            false);

    assertThat(
            AdaptiveCards.card(m, List.of())
                .get("body")
                .get(0)
                .get("items")
                .get(0)
                .get("text")
                .asText())
        .isEqualTo("Stop \\*web01\\* now");
  }

  @Test
  void bytes_countsJsonEscapesAndUtf8() {
    assertThat(CardText.bytes("a\"\\\n")).isEqualTo(1 + 2 + 2 + 2);
    assertThat(CardText.bytes("é€😀")).isEqualTo(2 + 3 + 4);
    assertThat(CardText.bytes("\u0001")).isEqualTo(6);
  }

  @Test
  void cut_keepsEscapesAndMentionsWhole() {
    assertThat(CardText.cut("ab\\*cd" + "x".repeat(20), 3 + CardText.bytes(CardText.TRUNCATED)))
        .isEqualTo("ab" + CardText.TRUNCATED);
    assertThat(
            CardText.cut(
                "x <at>Alice</at> yyyyyyyyyyyyyyyyyyyy", 8 + CardText.bytes(CardText.TRUNCATED)))
        .isEqualTo("x " + CardText.TRUNCATED);
    assertThat(CardText.cut("short", 5)).isEqualTo("short");
  }
}
