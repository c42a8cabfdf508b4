package io.iisbot.adapters.teams;

import static io.iisbot.adapters.teams.AdaptiveCardsTest.ALICE;
import static io.iisbot.adapters.teams.AdaptiveCardsTest.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.iisbot.adapters.chat.ChatMessage.Button;
import io.iisbot.adapters.chat.ChatMessage.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Teams' 28 KB: lines and facts are cut with a note of what was left out; buttons never. */
final class AdaptiveCardsLimitsTest {

  private static List<String> lines(int count, int length) {
    return IntStream.range(0, count)
        .mapToObj(i -> ("line " + i + " ").repeat(length).substring(0, length))
        .toList();
  }

  private static List<Field> fields(int count, int length) {
    return IntStream.range(0, count)
        .mapToObj(i -> new Field("Host " + i, "é".repeat(length)))
        .toList();
  }

  private static List<JsonNode> textBlocks(JsonNode card) {
    List<JsonNode> out = new ArrayList<>();
    card.get("body")
        .forEach(
            b -> {
              if (b.get("type").asText().equals("TextBlock")) {
                out.add(b);
              }
            });
    return out;
  }

  @Test
  void manyLines_fitTheBudget_andTheLastSaysHowManyWereLeftOut() {
    JsonNode card = AdaptiveCards.card(message(lines(1000, 100), List.of(), List.of()), List.of());

    List<JsonNode> blocks = textBlocks(card);
    String last = blocks.get(blocks.size() - 1).get("text").asText();
    int shown = blocks.size() - 1;
    assertThat(AdaptiveCards.size(card)).isLessThanOrEqualTo(AdaptiveCards.CARD_BUDGET);
    assertThat(AdaptiveCards.size(card)).isGreaterThan(AdaptiveCards.CARD_BUDGET - 300);
    assertThat(last).isEqualTo("…(truncated: " + (1000 - shown) + " more lines)");
    assertThat(blocks.get(shown - 1).get("text").asText()).startsWith("line " + (shown - 1));
  }

  @Test
  void oneHugeLine_isCut_andEndsWithTruncated() {
    JsonNode card =
        AdaptiveCards.card(message(List.of("x".repeat(40_000)), List.of(), List.of()), List.of());

    String text = textBlocks(card).get(0).get("text").asText();
    assertThat(AdaptiveCards.size(card)).isLessThanOrEqualTo(AdaptiveCards.CARD_BUDGET);
    assertThat(text).startsWith("xxxx").endsWith("…(truncated)");
    assertThat(text.length()).isGreaterThan(AdaptiveCards.CARD_BUDGET - 1000);
  }

  @Test
  void firstOfManyLinesTooLong_isCut_thenTheNote() {
    List<String> lines = new ArrayList<>(List.of("y".repeat(40_000)));
    lines.addAll(lines(3, 10));
    JsonNode card = AdaptiveCards.card(message(lines, List.of(), List.of()), List.of());

    List<JsonNode> blocks = textBlocks(card);
    assertThat(blocks).hasSize(2);
    assertThat(blocks.get(0).get("text").asText()).endsWith("…(truncated)");
    assertThat(blocks.get(1).get("text").asText()).isEqualTo("…(truncated: 3 more lines)");
  }

  @Test
  void linesAndFields_bothTooMany_linesKeepHalf_andAFactSaysWhatWasLeftOut() {
    JsonNode card =
        AdaptiveCards.card(message(lines(500, 100), fields(500, 100), List.of()), List.of());

    JsonNode facts = card.get("body").get(card.get("body").size() - 1).get("facts");
    JsonNode last = facts.get(facts.size() - 1);
    int linesBytes = textBlocks(card).stream().mapToInt(AdaptiveCards::size).sum();
    assertThat(AdaptiveCards.size(card)).isLessThanOrEqualTo(AdaptiveCards.CARD_BUDGET);
    assertThat(linesBytes).isGreaterThan(AdaptiveCards.CARD_BUDGET / 2 - 1000);
    assertThat(last.get("title").asText()).isEqualTo("…(truncated)");
    assertThat(last.get("value").asText()).isEqualTo((500 - facts.size() + 1) + " more fields");
  }

  @Test
  void fewFields_manyLines_fieldsAllShown() {
    JsonNode card =
        AdaptiveCards.card(message(lines(1000, 100), fields(3, 10), List.of()), List.of());

    JsonNode facts = card.get("body").get(card.get("body").size() - 1).get("facts");
    assertThat(facts).hasSize(3);
  }

  @Test
  void buttons_areNeverCut_theLinesMakeRoom() {
    List<Button> buttons =
        IntStream.range(0, 5)
            .mapToObj(i -> new Button("B" + i, "act" + i, "v".repeat(1500), Button.Style.PRIMARY))
            .toList();
    JsonNode card = AdaptiveCards.card(message(lines(1000, 100), List.of(), buttons), List.of());

    assertThat(card.get("actions")).hasSize(5);
    card.get("actions")
        .forEach(a -> assertThat(a.get("data").get("iisbot").get("value").asText()).hasSize(1500));
    assertThat(AdaptiveCards.size(card)).isLessThanOrEqualTo(AdaptiveCards.CARD_BUDGET);
  }

  @Test
  void buttonsThatCannotFit_areRefused() {
    List<Button> buttons =
        IntStream.range(0, 3)
            .mapToObj(i -> new Button("B", "a" + i, "v".repeat(10_000), Button.Style.DEFAULT))
            .toList();

    assertThatThrownBy(() -> AdaptiveCards.card(message(List.of(), List.of(), buttons), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the card's title, status and buttons take ")
        .hasMessageEndingWith("bytes, over Teams' 26624 for a card (buttons cannot be cut)");
  }

  @Test
  void aMentionInALineThatWasCut_leavesNoEntity() {
    List<String> lines = new ArrayList<>(lines(1000, 100));
    lines.add("by " + ALICE);
    JsonNode card = AdaptiveCards.card(message(lines, List.of(), List.of()), List.of());

    assertThat(card.has("msteams")).isFalse();
  }

  @Test
  void activity_leavesRoomForTheEnvelope() {
    JsonNode activity =
        AdaptiveCards.activity(message(lines(1000, 100), fields(100, 50), List.of()), List.of());

    assertThat(AdaptiveCards.size(activity)).isLessThanOrEqualTo(AdaptiveCards.MAX_BYTES - 1024);
  }

  @Test
  void manyMentions_stillFit() {
    List<String> lines =
        IntStream.range(0, 400)
            .mapToObj(
                i ->
                    new io.iisbot.adapters.chat.Mention(
                                io.iisbot.adapters.chat.Identity.parse("teams:id-" + i),
                                "Person " + i)
                            .token()
                        + " did something rather long to report here, line "
                        + i)
            .toList();
    JsonNode card = AdaptiveCards.card(message(lines, List.of(), List.of()), List.of());

    assertThat(AdaptiveCards.size(card)).isLessThanOrEqualTo(AdaptiveCards.CARD_BUDGET);
    int shownWithMention = textBlocks(card).size() - 1;
    assertThat(card.get("msteams").get("entities")).hasSize(shownWithMention);
  }
}
