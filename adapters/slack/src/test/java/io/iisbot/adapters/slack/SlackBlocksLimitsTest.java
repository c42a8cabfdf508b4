package io.iisbot.adapters.slack;

import static io.iisbot.adapters.slack.SlackJson.blocks;
import static io.iisbot.adapters.slack.SlackJson.message;
import static io.iisbot.adapters.slack.SlackJson.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatMessage.Button;
import io.iisbot.adapters.chat.ChatMessage.Field;
import io.iisbot.adapters.chat.ChatMessage.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Slack refuses a whole message over any limit: each is kept, and every cut shows. */
final class SlackBlocksLimitsTest {

  @Test
  void render_200Lines_staysWithin50BlocksAndSaysWhatItLeftOut() throws Exception {
    List<String> lines =
        IntStream.rangeClosed(1, 200)
            .mapToObj(
                i ->
                    "["
                        + i
                        + "/200] web"
                        + i
                        + ": ✓ drained, 0 requests left, W3SVC stopped, WAS up")
            .toList();

    JsonNode json = blocks(SlackBlocks.render(message(lines, List.of(), List.of())));

    assertThat(json.size()).isLessThanOrEqualTo(SlackBlocks.MAX_BLOCKS);
    List<String> sections = new ArrayList<>();
    json.forEach(b -> sections.add(b.at("/text/text").asText()));
    sections.subList(0, 2).clear();
    assertThat(sections).allSatisfy(t -> assertThat(t.length()).isLessThanOrEqualTo(3000));
    assertThat(String.join("", texts(json)).length())
        .isLessThanOrEqualTo(SlackBlocks.MESSAGE_TEXT_BUDGET);
    String last = sections.get(sections.size() - 1);
    long shown = sections.stream().flatMap(s -> s.lines()).filter(l -> l.startsWith("[")).count();
    assertThat(shown).isBetween(100L, 199L);
    assertThat(last)
        .endsWith(
            "\n…(truncated: " + (200 - shown) + " more lines; see the console or /iis history)");
  }

  @Test
  void lineSections_moreThanTheBlocksAllow_fillThemAndMarkTheLast() {
    List<String> lines = IntStream.range(0, 100).mapToObj(i -> "x".repeat(999)).toList();

    List<String> texts = LineSections.of(lines, 2, 1_000_000);

    assertThat(texts).hasSize(2).allSatisfy(t -> assertThat(t.length()).isLessThanOrEqualTo(3000));
    assertThat(texts.get(0).lines()).hasSize(3);
    // The last section gives up a line to the marker: 3 + 2 lines shown.
    assertThat(texts.get(1).lines()).hasSize(3);
    assertThat(texts.get(1))
        .endsWith("\n…(truncated: 95 more lines; see the console or /iis history)");
  }

  @Test
  void render_5000CharLine_isCutVisiblyInOneSection() throws Exception {
    JsonNode json =
        blocks(SlackBlocks.render(message(List.of("a".repeat(5000)), List.of(), List.of())));

    String text = json.get(2).at("/text/text").asText();
    assertThat(json).hasSize(3);
    assertThat(text.length()).isLessThanOrEqualTo(3000);
    assertThat(text).startsWith("aaaa").endsWith("a…(truncated)");
  }

  @Test
  void render_25Fields_makeSectionsOfAtMostTen() throws Exception {
    List<Field> fields =
        IntStream.rangeClosed(1, 25).mapToObj(i -> new Field("Host " + i, "web" + i)).toList();

    JsonNode json = blocks(SlackBlocks.render(message(List.of(), fields, List.of())));

    assertThat(json).hasSize(5);
    assertThat(json.get(2).get("fields")).hasSize(10);
    assertThat(json.get(3).get("fields")).hasSize(10);
    assertThat(json.get(4).get("fields")).hasSize(5);
    assertThat(json.get(4).at("/fields/4/text").asText()).isEqualTo("Host 25\nweb25");
  }

  @Test
  void render_fieldsOverTheMessageBudget_endWithHowManyWereLeftOut() throws Exception {
    List<Field> fields =
        IntStream.rangeClosed(1, 60)
            .mapToObj(i -> new Field("Host " + i, "w".repeat(500)))
            .toList();

    JsonNode json = blocks(SlackBlocks.render(message(List.of("one line"), fields, List.of())));

    assertThat(String.join("", texts(json)).length())
        .isLessThanOrEqualTo(SlackBlocks.MESSAGE_TEXT_BUDGET);
    assertThat(json.get(2).at("/text/text").asText()).isEqualTo("one line");
    JsonNode last = json.get(json.size() - 1).get("fields");
    assertThat(last.get(last.size() - 1).get("text").asText())
        .matches("…\\(truncated: [0-9]+ more fields\\)");
  }

  @Test
  void render_fieldOver2000Chars_isCutVisibly() throws Exception {
    Field hosts = new Field("Hosts", "web01, ".repeat(400));

    JsonNode json = blocks(SlackBlocks.render(message(List.of(), List.of(hosts), List.of())));

    String text = json.get(2).at("/fields/0/text").asText();
    assertThat(text.length()).isLessThanOrEqualTo(2000);
    assertThat(text).startsWith("Hosts\nweb01, ").endsWith("…(truncated)");
  }

  @Test
  void render_300CharTitle_isCutTo150InTheHeader() throws Exception {
    ChatMessage m = ChatMessage.privateReply("T".repeat(300), Status.INFO, List.of());

    SlackBlocks.Rendered r = SlackBlocks.render(m);

    String header = blocks(r).get(0).at("/text/text").asText();
    assertThat(header).hasSize(150).endsWith("T…(truncated)");
    assertThat(r.text()).startsWith("T".repeat(300) + " — info");
  }

  @Test
  void render_longButtonLabel_isCutTo75() throws Exception {
    Button b = new Button("L".repeat(100), "go", "v", null);

    JsonNode json = blocks(SlackBlocks.render(message(List.of(), List.of(), List.of(b))));

    assertThat(json.get(2).at("/elements/0/text/text").asText())
        .hasSize(75)
        .endsWith("…(truncated)");
  }

  @Test
  void render_escapesNearTheLimit_areNeverCutInHalf() {
    String text = SlackText.mrkdwn("&".repeat(1000), 100);

    assertThat(text).hasSizeLessThanOrEqualTo(100).endsWith("&amp;…(truncated)");
  }

  @Test
  void fallback_manyLongLines_staysWithin3000Chars() {
    List<String> lines =
        IntStream.range(0, 50).mapToObj(i -> "line " + i + " " + "y".repeat(900)).toList();

    String text = SlackBlocks.render(message(lines, List.of(), List.of())).text();

    assertThat(text)
        .hasSizeLessThanOrEqualTo(3000)
        .startsWith("Running: /iis stop web01 — running\nline 0 ");
    assertThat(text).endsWith("…(truncated)");
  }

  @Test
  void fallback_moreThanFiveLines_saysHowManyMore() {
    List<String> lines = IntStream.range(0, 8).mapToObj(i -> "line " + i).toList();

    String text = SlackBlocks.render(message(lines, List.of(), List.of())).text();

    assertThat(text)
        .isEqualTo(
            "Running: /iis stop web01 — running\nline 0\nline 1\nline 2\nline 3\nline 4\n…(3 more lines)");
  }
}
