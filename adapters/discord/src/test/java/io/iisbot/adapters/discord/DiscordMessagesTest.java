package io.iisbot.adapters.discord;

import static io.iisbot.adapters.discord.Fixtures.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatMessage.Button;
import io.iisbot.adapters.chat.ChatMessage.Field;
import io.iisbot.adapters.chat.ChatMessage.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the bot's messages look like in Discord: embed, colours, footer, buttons, flags. */
final class DiscordMessagesTest {

  static final String TOKEN = "v1.c3RvcCB3ZWIwMQ.8f7a3c";

  private final ButtonIds ids = new ButtonIds(Duration.ofMinutes(15), 100);

  /**
   * The bot's confirmation prompt for {@code /iis stop web01}, as its Messages.prompt builds it.
   */
  static ChatMessage prompt() {
    return new ChatMessage(
        "Confirm: /iis stop web01",
        Status.PENDING,
        List.of(
            "Requested by discord:80351110224678912, reason: patch Tuesday",
            "• stop sites: Default Web Site, api.contoso.com",
            "• drain: wait up to 1m30s for 3 requests in flight",
            "⚠ web01 is in @production"),
        List.of(
            new Field("Hosts", "1: web01"),
            new Field("Sites", "Default Web Site, api.contoso.com"),
            new Field("Requests in flight", "3 on web01"),
            new Field("Workers killed if they outlive the deadline", "4711 (DefaultAppPool)"),
            new Field("Takes at most", "2m per host")),
        List.of(
            new Button("Confirm", "confirm", TOKEN, Button.Style.DANGER),
            new Button("Cancel", "cancel", TOKEN, Button.Style.DEFAULT)),
        false,
        false);
  }

  static ChatMessage result() {
    return new ChatMessage(
        "Done: /iis stop web01",
        Status.SUCCESS,
        List.of(
            "web01: succeeded in 47s",
            "  ✓ W3SVC stopped — state STOPPED",
            "  ✓ no w3wp.exe left — 0 workers"),
        List.of(
            new Field("Requested by", "discord:80351110224678912"),
            new Field("Operation", "op-20260105-0001")),
        List.of(),
        false,
        true);
  }

  @Test
  void toJson_confirmationPrompt_isWhatDiscordExpects() throws Exception {
    JsonNode json = Clicks.resolved(DiscordMessages.toJson(prompt(), ids, JSON), ids);

    assertThat(json)
        .isEqualTo(
            JSON.readTree(
                """
                {"content": "",
                 "embeds": [{
                   "title": "Confirm: /iis stop web01",
                   "description": "Requested by discord:80351110224678912, reason: patch Tuesday\\n• stop sites: Default Web Site, api.contoso.com\\n• drain: wait up to 1m30s for 3 requests in flight\\n⚠ web01 is in @production",
                   "color": 10133670,
                   "fields": [
                     {"name": "Hosts", "value": "1: web01", "inline": true},
                     {"name": "Sites", "value": "Default Web Site, api.contoso.com", "inline": true},
                     {"name": "Requests in flight", "value": "3 on web01", "inline": true},
                     {"name": "Workers killed if they outlive the deadline",
                      "value": "4711 (DefaultAppPool)", "inline": false},
                     {"name": "Takes at most", "value": "2m per host", "inline": true}],
                   "footer": {"text": "🕓 Pending"}}],
                 "components": [{"type": 1, "components": [
                   {"type": 2, "style": 4, "label": "Confirm",
                    "custom_id": "→ confirm v1.c3RvcCB3ZWIwMQ.8f7a3c"},
                   {"type": 2, "style": 2, "label": "Cancel",
                    "custom_id": "→ cancel v1.c3RvcCB3ZWIwMQ.8f7a3c"}]}],
                 "allowed_mentions": {"parse": []}}
                """));
    assertThat(0x9AA0A6).isEqualTo(10133670);
  }

  @Test
  void toJson_ephemeralDenial_hasFlag64AndSaysOnlyYou() throws Exception {
    ChatMessage denial =
        ChatMessage.privateReply(
            "Not allowed: /iis stop web01",
            Status.DENIED,
            List.of("You may not stop web01 (your ids: discord:80351110224678912)."));

    JsonNode json = DiscordMessages.toJson(denial, ids, JSON);

    assertThat(json)
        .isEqualTo(
            JSON.readTree(
                """
                {"content": "",
                 "embeds": [{
                   "title": "Not allowed: /iis stop web01",
                   "description": "You may not stop web01 (your ids: discord:80351110224678912).",
                   "color": 10038562,
                   "footer": {"text": "🚫 Denied · only you"}}],
                 "components": [],
                 "flags": 64,
                 "allowed_mentions": {"parse": []}}
                """));
    assertThat(0x992D22).isEqualTo(10038562);
  }

  @Test
  void toJson_finalSuccess_hasNoButtonsAndIsGreen() throws Exception {
    JsonNode json = DiscordMessages.toJson(result(), ids, JSON);

    assertThat(json)
        .isEqualTo(
            JSON.readTree(
                """
                {"content": "",
                 "embeds": [{
                   "title": "Done: /iis stop web01",
                   "description": "web01: succeeded in 47s\\n  ✓ W3SVC stopped — state STOPPED\\n  ✓ no w3wp.exe left — 0 workers",
                   "color": 3061373,
                   "fields": [
                     {"name": "Requested by", "value": "discord:80351110224678912", "inline": true},
                     {"name": "Operation", "value": "op-20260105-0001", "inline": true}],
                   "footer": {"text": "✅ Success"}}],
                 "components": [],
                 "allowed_mentions": {"parse": []}}
                """));
  }

  @Test
  void toJsonEdit_ephemeralMessage_hasNoFlags() {
    ChatMessage denial = ChatMessage.privateReply("Cannot do that", Status.WARNING, List.of("x"));

    JsonNode edit = DiscordMessages.toJsonEdit(denial, ids, JSON);

    assertThat(edit.has("flags")).isFalse();
    assertThat(edit.get("components")).isEmpty();
    assertThat(edit.at("/embeds/0/footer/text").asText()).isEqualTo("⚠️ Warning · only you");
    assertThat(DiscordMessages.toJsonEdit(prompt(), ids, JSON).get("components")).hasSize(1);
  }

  @Test
  void toJson_everyStatus_hasItsColourAndWord() {
    List<String> shown = new ArrayList<>();
    for (Status s : Status.values()) {
      JsonNode embed =
          DiscordMessages.toJson(
                  new ChatMessage("x", s, List.of(), List.of(), List.of(), false, true), ids, JSON)
              .at("/embeds/0");
      shown.add(String.format("%06X %s", embed.get("color").asInt(), embed.at("/footer/text")));
    }

    assertThat(shown)
        .containsExactly(
            "5865F2 \"ℹ️ Info\"",
            "9AA0A6 \"🕓 Pending\"",
            "1D9BD1 \"⏳ Running\"",
            "2EB67D \"✅ Success\"",
            "ECB22E \"⚠️ Warning\"",
            "E01E5A \"❌ Failure\"",
            "992D22 \"🚫 Denied\"");
  }

  @Test
  void toJson_primaryButton_isStyle1() {
    ChatMessage m =
        new ChatMessage(
            "x",
            Status.INFO,
            List.of(),
            List.of(),
            List.of(new Button("Show", "show", "v", Button.Style.PRIMARY)),
            false,
            false);

    assertThat(DiscordMessages.toJson(m, ids, JSON).at("/components/0/components/0/style").asInt())
        .isEqualTo(1);
  }

  /** Was pinned raw before finding 11; now escaped, so that Discord shows it as written. */
  @Test
  void toJson_mentionsInText_stayTextAndNotifyNoOne() {
    ChatMessage m =
        new ChatMessage(
            "Done: /iis stop @web",
            Status.SUCCESS,
            List.of("reason: @everyone <@&123> **bold** <https://x>"),
            List.of(),
            List.of(),
            false,
            true);

    JsonNode json = DiscordMessages.toJson(m, ids, JSON);

    assertThat(json.at("/embeds/0/description").asText())
        .isEqualTo("reason: \\@everyone \\<@&123> \\*\\*bold\\*\\* \\<https\\://x>");
    assertThat(json.get("allowed_mentions"))
        .isEqualTo(JSON.createObjectNode().set("parse", JSON.createArrayNode()));
  }

  @Test
  void toJson_emptyTitleLinesAndFields_areLeftOutOrShownBlank() {
    ChatMessage m =
        new ChatMessage(
            " ",
            Status.INFO,
            List.of(" ", ""),
            List.of(new Field("", "value"), new Field("name", "")),
            List.of(new Button(" ", "help", "", null)),
            false,
            true);

    JsonNode json = DiscordMessages.toJson(m, ids, JSON);

    assertThat(json.at("/embeds/0").has("title")).isFalse();
    assertThat(json.at("/embeds/0").has("description")).isFalse();
    assertThat(json.at("/embeds/0/fields/0/name").asText()).isEqualTo("\u200E");
    assertThat(json.at("/embeds/0/fields/1/value").asText()).isEqualTo("\u200E");
    assertThat(json.at("/components/0/components/0/label").asText()).isEqualTo("help");
    assertThat(json.at("/components/0/components/0/style").asInt()).isEqualTo(2);
  }

  @Test
  void toJson_multiLineTitle_isOneLine() {
    ChatMessage m =
        new ChatMessage(
            "Done:\n/iis\tstop", Status.INFO, List.of(), List.of(), List.of(), false, true);

    assertThat(DiscordMessages.toJson(m, ids, JSON).at("/embeds/0/title").asText())
        .isEqualTo("Done: /iis stop");
  }
}
