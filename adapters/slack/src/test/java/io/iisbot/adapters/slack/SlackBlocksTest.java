package io.iisbot.adapters.slack;

import static io.iisbot.adapters.slack.SlackJson.JSON;
import static io.iisbot.adapters.slack.SlackJson.blocks;
import static io.iisbot.adapters.slack.SlackJson.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatMessage.Button;
import io.iisbot.adapters.chat.ChatMessage.Field;
import io.iisbot.adapters.chat.ChatMessage.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What the bot's messages look like in Slack: blocks, badges, buttons, escaping. */
final class SlackBlocksTest {

  private static final String TOKEN = "v1.c3RvcCB3ZWIwMQ.8f7a3c";

  @Test
  void render_confirmationPrompt_isWhatSlackExpects() throws Exception {
    ChatMessage prompt =
        new ChatMessage(
            "Confirm: /iis stop web01",
            Status.PENDING,
            List.of(
                "Requested by slack:U024BE7LH, reason: patch Tuesday",
                "• stop sites: Default Web Site, api.contoso.com",
                "• drain: wait up to 1m30s for 3 requests in flight",
                "⚠ web01 is in @production"),
            List.of(new Field("Hosts", "1: web01"), new Field("Takes at most", "2m per host")),
            List.of(
                new Button("Confirm", "confirm", TOKEN, Button.Style.DANGER),
                new Button("Cancel", "cancel", TOKEN, Button.Style.DEFAULT)),
            false,
            false);

    SlackBlocks.Rendered r = SlackBlocks.render(prompt);

    assertThat(blocks(r))
        .isEqualTo(
            JSON.readTree(
                """
                [
                  {"type": "header",
                   "text": {"type": "plain_text", "text": "Confirm: /iis stop web01", "emoji": true}},
                  {"type": "context", "elements": [{"type": "mrkdwn", "text": "🕓 *Pending*"}]},
                  {"type": "section",
                   "text": {"type": "plain_text", "text": "Requested by slack:U024BE7LH, reason: patch Tuesday\\n• stop sites: Default Web Site, api.contoso.com\\n• drain: wait up to 1m30s for 3 requests in flight\\n⚠ web01 is in @production", "emoji": false}},
                  {"type": "section",
                   "fields": [{"type": "plain_text", "text": "Hosts\\n1: web01", "emoji": false},
                              {"type": "plain_text", "text": "Takes at most\\n2m per host", "emoji": false}]},
                  {"type": "actions",
                   "elements": [
                     {"type": "button", "text": {"type": "plain_text", "text": "Confirm", "emoji": true},
                      "action_id": "confirm", "value": "v1.c3RvcCB3ZWIwMQ.8f7a3c", "style": "danger"},
                     {"type": "button", "text": {"type": "plain_text", "text": "Cancel", "emoji": true},
                      "action_id": "cancel", "value": "v1.c3RvcCB3ZWIwMQ.8f7a3c"}]}
                ]
                """));
    assertThat(r.text())
        .isEqualTo(
            "Confirm: /iis stop web01 — pending\n"
                + "Requested by slack:U024BE7LH, reason: patch Tuesday\n"
                + "• stop sites: Default Web Site, api.contoso.com\n"
                + "• drain: wait up to 1m30s for 3 requests in flight\n"
                + "⚠ web01 is in @production");
  }

  @Test
  void render_finalResult_hasNoActionsAndReadsWellAsANotification() throws Exception {
    ChatMessage result =
        new ChatMessage(
            "Done: /iis stop web01",
            Status.SUCCESS,
            List.of(
                "web01: succeeded in 47s",
                "  ✓ W3SVC stopped — state STOPPED",
                "  ✓ no w3wp.exe left — 0 workers",
                "  events: 2 information, 1 warning — 5013 a worker outlived its shutdown time"),
            List.of(
                new Field("Requested by", "slack:U024BE7LH"),
                new Field("Confirmed by", "slack:U024BE7LH"),
                new Field("Operation", "op-20260105-0001")),
            List.of(),
            false,
            true);

    SlackBlocks.Rendered r = SlackBlocks.render(result);
    JsonNode json = blocks(r);

    assertThat(json.findValuesAsText("type"))
        .containsExactly(
            "header",
            "plain_text",
            "context",
            "mrkdwn",
            "section",
            "plain_text",
            "section",
            "plain_text",
            "plain_text",
            "plain_text");
    assertThat(json.get(1).at("/elements/0/text").asText()).isEqualTo("✅ *Success*");
    assertThat(json.get(2).at("/text/text").asText())
        .startsWith("web01: succeeded in 47s\n  ✓ W3SVC");
    assertThat(json.get(3).at("/fields/2/text").asText()).isEqualTo("Operation\nop-20260105-0001");
    assertThat(r.text()).startsWith("Done: /iis stop web01 — success\nweb01: succeeded in 47s\n");
  }

  @Test
  void render_ephemeralDenial_saysOnlyYou() throws Exception {
    ChatMessage denial =
        ChatMessage.privateReply(
            "Not allowed: /iis stop web01",
            Status.DENIED,
            List.of("You may not stop web01 (your ids: slack:U0G9QF9C6)."));

    JsonNode json = blocks(SlackBlocks.render(denial));

    assertThat(json.get(1).at("/elements/0/text").asText()).isEqualTo("🚫 *Denied*  ·  only you");
    assertThat(json).hasSize(3);
  }

  @Test
  void render_everyStatus_hasItsBadgeAndWord() throws Exception {
    List<String> badges = new ArrayList<>();
    List<String> fallbacks = new ArrayList<>();
    for (Status s : Status.values()) {
      SlackBlocks.Rendered r =
          SlackBlocks.render(new ChatMessage("x", s, List.of(), List.of(), List.of(), false, true));
      badges.add(blocks(r).get(1).at("/elements/0/text").asText());
      fallbacks.add(r.text());
    }

    assertThat(badges)
        .containsExactly(
            "ℹ️ *Info*",
            "🕓 *Pending*",
            "⏳ *Running*",
            "✅ *Success*",
            "⚠️ *Warning*",
            "❌ *Failure*",
            "🚫 *Denied*");
    assertThat(fallbacks)
        .containsExactly(
            "x — info",
            "x — pending",
            "x — running",
            "x — success",
            "x — warning",
            "x — failure",
            "x — denied");
  }

  @Test
  void render_buttonsSharingAnAction_getDistinctIdsThatMapBack() throws Exception {
    List<Button> buttons =
        List.of(
            new Button("Stop web01", "stop", "a", Button.Style.PRIMARY),
            new Button("Stop web02", "stop", "b", null),
            new Button("Stop web03", "stop", "c", null),
            new Button("Cancel", "cancel", "", null));

    JsonNode actions = blocks(SlackBlocks.render(message(List.of(), List.of(), buttons))).get(2);

    assertThat(actions.findValuesAsText("action_id"))
        .containsExactly("stop", "stop#2", "stop#3", "cancel");
    assertThat(actions.findValuesAsText("action_id"))
        .extracting(SlackBlocks::actionOf)
        .containsExactly("stop", "stop", "stop", "cancel");
    assertThat(actions.at("/elements/0/style").asText()).isEqualTo("primary");
    assertThat(actions.at("/elements/1").has("style")).isFalse();
    assertThat(actions.at("/elements/3").has("value")).isFalse();
  }

  @Test
  void render_valueOver2000Chars_isRefused() {
    Button b = new Button("Confirm", "confirm", "t".repeat(2001), Button.Style.DANGER);

    assertThatThrownBy(() -> SlackBlocks.render(message(List.of(), List.of(), List.of(b))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "button \"Confirm\": Slack takes a value of at most 2000 characters, was 2001 (a value cannot be cut)");
  }

  @Test
  void render_actionEndingInHashDigits_isRefused() {
    Button b = new Button("Go", "go#2", "v", null);

    assertThatThrownBy(() -> SlackBlocks.render(message(List.of(), List.of(), List.of(b))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot be empty or end in # and digits");
  }

  @Test
  void render_26Buttons_isRefused() {
    List<Button> buttons =
        IntStream.range(0, 26).mapToObj(i -> new Button("b" + i, "a" + i, "", null)).toList();

    assertThatThrownBy(() -> SlackBlocks.render(message(List.of(), List.of(), buttons)))
        .hasMessage("Slack shows at most 25 buttons in a message, was 26");
  }

  /** Lines and fields were mrkdwn before finding 11; now plain_text, which needs no escapes. */
  @Test
  void render_markupCharacters_areEscapedInMrkdwnOnly() throws Exception {
    ChatMessage m =
        new ChatMessage(
            "Status <script>&",
            Status.WARNING,
            List.of("reason: <script>alert(1)</script> & <!channel>"),
            List.of(new Field("A<b>", "x&y")),
            List.of(new Button("<b>&", "go", "<v>&", null)),
            false,
            false);

    SlackBlocks.Rendered r = SlackBlocks.render(m);
    JsonNode json = blocks(r);

    assertThat(json.get(0).at("/text/text").asText()).isEqualTo("Status <script>&");
    assertThat(json.get(2).at("/text/text").asText())
        .isEqualTo("reason: <script>alert(1)</script> & <!channel>");
    assertThat(json.get(3).at("/fields/0/text").asText()).isEqualTo("A<b>\nx&y");
    assertThat(json.get(4).at("/elements/0/text/text").asText()).isEqualTo("<b>&");
    assertThat(json.get(4).at("/elements/0/value").asText()).isEqualTo("<v>&");
    assertThat(r.text())
        .isEqualTo(
            "Status &lt;script&gt;&amp; — warning\nreason: &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;!channel&gt;");
  }

  @Test
  void finding11_slackMrkdwnInUserText_isEscaped() throws Exception {
    String nick = "*boss* <!channel> <@U0G9QF9C6> <http://evil|click>";
    String reason = "_urgent_ ~no~ `rm -rf` > quote @here #general :fire: https://x";
    ChatMessage m =
        new ChatMessage(
            "Confirm: /iis stop web01",
            Status.PENDING,
            List.of("Requested by " + nick + ", reason: " + reason),
            List.of(new Field("Requested by", nick), new Field("Reason", reason)),
            List.of(new Button("Confirm", "confirm", TOKEN, Button.Style.DANGER)),
            false,
            false);

    SlackBlocks.Rendered r = SlackBlocks.render(m);
    JsonNode json = blocks(r);

    // The user's text is in plain_text objects, which Slack shows as written: no bold, link,
    // mention or emoji. Only the status badge, the bot's own words, is mrkdwn.
    assertThat(json.get(2).get("text"))
        .isEqualTo(
            JSON.createObjectNode()
                .put("type", "plain_text")
                .put("text", "Requested by " + nick + ", reason: " + reason)
                .put("emoji", false));
    assertThat(json.get(3).at("/fields/0/text").asText()).isEqualTo("Requested by\n" + nick);
    assertThat(json.get(3).at("/fields/1/text").asText()).isEqualTo("Reason\n" + reason);
    List<JsonNode> mrkdwn = new ArrayList<>();
    json.findParents("type").stream()
        .filter(o -> o.path("type").asText().equals("mrkdwn"))
        .forEach(mrkdwn::add);
    assertThat(mrkdwn)
        .singleElement()
        .isEqualTo(JSON.createObjectNode().put("type", "mrkdwn").put("text", "🕓 *Pending*"));
    // The fallback is mrkdwn to Slack: no link and no mention can come of it.
    assertThat(r.text())
        .isEqualTo(
            "Confirm: /iis stop web01 — pending\nRequested by *boss* &lt;!channel&gt;"
                + " &lt;@U0G9QF9C6&gt; &lt;http://evil|click&gt;, reason: _urgent_ ~no~ `rm -rf`"
                + " &gt; quote @here #general :fire: https://x");
  }
}
