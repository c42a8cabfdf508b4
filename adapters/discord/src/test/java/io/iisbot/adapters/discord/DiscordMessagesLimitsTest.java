package io.iisbot.adapters.discord;

import static io.iisbot.adapters.discord.Fixtures.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatMessage.Button;
import io.iisbot.adapters.chat.ChatMessage.Field;
import io.iisbot.adapters.chat.ChatMessage.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Discord refuses a whole message over any limit: every one is kept, and cuts are visible. */
final class DiscordMessagesLimitsTest {

  private final ButtonIds ids = new ButtonIds(Duration.ofMinutes(15), 1_000);

  private static ChatMessage message(
      String title, List<String> lines, List<Field> fields, List<Button> buttons) {
    return new ChatMessage(title, Status.RUNNING, lines, fields, buttons, false, false);
  }

  private JsonNode embed(ChatMessage m) {
    return DiscordMessages.toJson(m, ids, JSON).at("/embeds/0");
  }

  /** The characters Discord counts: title, description, field names and values, footer. */
  private static int embedLength(JsonNode embed) {
    int n = embed.path("title").asText().length() + embed.path("description").asText().length();
    for (JsonNode f : embed.path("fields")) {
      n += f.get("name").asText().length() + f.get("value").asText().length();
    }
    return n + embed.at("/footer/text").asText().length();
  }

  private static List<Field> fields(int count, int valueLength) {
    return IntStream.range(0, count)
        .mapToObj(
            i -> new Field("Field " + i, String.valueOf((char) ('a' + i % 26)).repeat(valueLength)))
        .toList();
  }

  private static List<Button> buttons(int count) {
    return IntStream.range(0, count)
        .mapToObj(i -> new Button("Button " + i, "act-" + i, "value " + i, Button.Style.DEFAULT))
        .toList();
  }

  @Test
  void toJson_300CharacterTitle_isCutTo256WithAMarker() {
    String title =
        embed(message("T".repeat(300), List.of(), List.of(), List.of())).get("title").asText();

    assertThat(title).hasSize(256).endsWith("T…(truncated)");
  }

  @Test
  void toJson_titleOfEmoji_isNotCutInsideOne() {
    String title =
        embed(message("😀".repeat(200), List.of(), List.of(), List.of())).get("title").asText();

    assertThat(title).hasSizeLessThanOrEqualTo(256).endsWith("😀…(truncated)");
    assertThat(title.codePoints().filter(c -> Character.getType(c) == Character.SURROGATE))
        .isEmpty();
  }

  @Test
  void toJson_10000CharactersOfLines_keepWholeLinesAndSayHowManyAreLeftOut() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      lines.add(String.format("%03d ", i) + "x".repeat(45));
    }

    String description =
        embed(message("t", lines, List.of(), List.of())).get("description").asText();

    assertThat(description).hasSizeLessThanOrEqualTo(4096);
    String[] shown = description.split("\n");
    int kept = shown.length - 1;
    assertThat(shown[kept]).isEqualTo("…(truncated: " + (200 - kept) + " more lines)");
    assertThat(shown[kept - 1]).isEqualTo(lines.get(kept - 1));
    assertThat(kept).isGreaterThan(75);
  }

  @Test
  void toJson_one10000CharacterLine_isCutWithAMarker() {
    String description =
        embed(message("t", List.of("y".repeat(10_000)), List.of(), List.of()))
            .get("description")
            .asText();

    assertThat(description).hasSize(4096).endsWith("y…(truncated)");
  }

  @Test
  void toJson_40Fields_show24AndSayHowManyAreLeftOut() {
    JsonNode fields = embed(message("t", List.of(), fields(40, 5), List.of())).get("fields");

    assertThat(fields).hasSize(25);
    assertThat(fields.get(23).get("name").asText()).isEqualTo("Field 23");
    assertThat(fields.get(24).get("name").asText()).isEqualTo("…(truncated)");
    assertThat(fields.get(24).get("value").asText()).isEqualTo("16 more fields");
  }

  @Test
  void toJson_exactly25Fields_areAllShown() {
    JsonNode fields = embed(message("t", List.of(), fields(25, 5), List.of())).get("fields");

    assertThat(fields).hasSize(25);
    assertThat(fields.get(24).get("name").asText()).isEqualTo("Field 24");
  }

  @Test
  void toJson_longFieldNameAndValue_areCutToTheirLimits() {
    JsonNode f =
        embed(
                message(
                    "t",
                    List.of(),
                    List.of(new Field("n".repeat(300), "v".repeat(2_000))),
                    List.of()))
            .at("/fields/0");

    assertThat(f.get("name").asText()).hasSize(256).endsWith("…(truncated)");
    assertThat(f.get("value").asText()).hasSize(1024).endsWith("v…(truncated)");
    assertThat(f.get("inline").asBoolean()).isFalse();
  }

  @Test
  void toJson_over6000Characters_cutsTheDescriptionFirstThenTheFields() {
    List<String> lines = List.of("z".repeat(3_000), "z".repeat(3_000));
    ChatMessage m = message("T".repeat(300), lines, fields(25, 1_024), List.of());

    JsonNode embed = embed(m);

    assertThat(embedLength(embed)).isLessThanOrEqualTo(6_000);
    String description = embed.get("description").asText();
    assertThat(description).hasSizeLessThanOrEqualTo(1_000).contains("…(truncated");
    JsonNode fields = embed.get("fields");
    JsonNode last = fields.get(fields.size() - 1);
    assertThat(last.get("name").asText()).isEqualTo("…(truncated)");
    int shown = fields.size() - 1;
    assertThat(last.get("value").asText()).isEqualTo((25 - shown) + " more fields");
    assertThat(fields.get(shown - 1).get("value").asText()).endsWith("…(truncated)");
  }

  @Test
  void toJson_longDescriptionAndFewFields_cutsOnlyTheDescription() {
    List<String> lines = List.of("z".repeat(4_000));
    ChatMessage m = message("t", lines, fields(3, 1_024), List.of());

    JsonNode embed = embed(m);

    assertThat(embedLength(embed)).isLessThanOrEqualTo(6_000);
    assertThat(embed.get("fields")).hasSize(3);
    assertThat(embed.get("fields").findValuesAsText("value")).allMatch(v -> v.length() == 1_024);
    assertThat(embed.get("description").asText())
        .endsWith("z…(truncated)")
        .hasSizeGreaterThan(2_500);
  }

  @Test
  void toJson_justUnder6000_isNotCut() {
    // 25 fields of 7 + 200 characters and a description filling the rest exactly.
    List<Field> fields = fields(25, 200);
    ChatMessage probe = message("t", List.of(), fields, List.of());
    int rest = 6_000 - embedLength(embed(probe));
    ChatMessage m = message("t", List.of("d".repeat(rest)), fields, List.of());

    JsonNode embed = embed(m);

    assertThat(embedLength(embed)).isEqualTo(6_000);
    assertThat(embed.toString()).doesNotContain("truncated");
  }

  @Test
  void toJson_7Buttons_goInRowsOfFive() {
    JsonNode rows =
        DiscordMessages.toJson(message("t", List.of(), List.of(), buttons(7)), ids, JSON)
            .get("components");

    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).get("components")).hasSize(5);
    assertThat(rows.get(1).get("components")).hasSize(2);
    assertThat(rows.get(1).at("/components/1/label").asText()).isEqualTo("Button 6");
    assertThat(
            ids.resolve(rows.get(1).at("/components/1/custom_id").asText()).orElseThrow().value())
        .isEqualTo("value 6");
  }

  @Test
  void toJson_25Buttons_fillFiveRows() {
    JsonNode rows =
        DiscordMessages.toJson(message("t", List.of(), List.of(), buttons(25)), ids, JSON)
            .get("components");

    assertThat(rows).hasSize(5);
    rows.forEach(r -> assertThat(r.get("components")).hasSize(5));
  }

  @Test
  void toJson_26Buttons_areRefused() {
    ChatMessage m = message("t", List.of(), List.of(), buttons(26));

    assertThatThrownBy(() -> DiscordMessages.toJson(m, ids, JSON))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Discord shows at most 25 buttons in a message (5 rows of 5), was 26");
  }

  @Test
  void toJson_longLabel_isCutTo80() {
    ChatMessage m =
        message(
            "t",
            List.of(),
            List.of(),
            List.of(new Button("L".repeat(100), "go", "", Button.Style.DEFAULT)));

    assertThat(DiscordMessages.toJson(m, ids, JSON).at("/components/0/components/0/label").asText())
        .hasSize(80)
        .endsWith("…(truncated)");
  }

  @Test
  void toJson_buttonActionThatIsNoWord_isRefused() {
    ChatMessage m =
        message("t", List.of(), List.of(), List.of(new Button("Go", "Go Now", "", null)));

    assertThatThrownBy(() -> DiscordMessages.toJson(m, ids, JSON))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was \"Go Now\"");
  }

  @Test
  void toJson_manyRandomSizes_stayWithinEveryLimitAndJdaBuildsThem() {
    java.util.Random random = new java.util.Random(9);
    for (int run = 0; run < 300; run++) {
      List<String> lines = new ArrayList<>();
      IntStream.range(0, random.nextInt(60))
          .forEach(i -> lines.add("l".repeat(random.nextInt(2_000))));
      List<Field> fields = new ArrayList<>();
      IntStream.range(0, random.nextInt(40))
          .forEach(
              i ->
                  fields.add(
                      new Field(
                          "n".repeat(random.nextInt(300)), "v".repeat(random.nextInt(1_500)))));
      ChatMessage m =
          message("t".repeat(random.nextInt(400)), lines, fields, buttons(random.nextInt(26)));

      JsonNode embed = embed(m);

      String seen = "run " + run;
      assertThat(embedLength(embed)).as(seen).isLessThanOrEqualTo(6_000);
      assertThat(embed.path("title").asText()).as(seen).hasSizeLessThanOrEqualTo(256);
      assertThat(embed.path("description").asText()).as(seen).hasSizeLessThanOrEqualTo(4_096);
      assertThat(embed.path("fields").size()).as(seen).isLessThanOrEqualTo(25);
      for (JsonNode f : embed.path("fields")) {
        assertThat(f.get("name").asText()).as(seen).isNotEmpty().hasSizeLessThanOrEqualTo(256);
        assertThat(f.get("value").asText()).as(seen).isNotEmpty().hasSizeLessThanOrEqualTo(1_024);
      }
      assertThat(DiscordMessages.toJda(m, ids).getEmbeds().get(0).isSendable()).as(seen).isTrue();
    }
  }
}
