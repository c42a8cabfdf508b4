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
import net.dv8tion.jda.api.entities.MessageEmbed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Text in an embed shows as written: whatever a nick, a {@code --reason} or a host's event says,
 * Discord makes no link, mention, formatting, heading, list or quote of it, on the JSON path and
 * the JDA path alike, and cutting to a limit never splits an escape.
 */
final class DiscordMarkdownTest {

  /** What a nick of {@code **[click](https://evil)** @everyone <@123>} becomes. */
  static final String EXPECTED_NICK =
      "\\*\\*\\[click\\](https\\://evil)\\*\\* \\@everyone \\<@123>";

  private final ButtonIds ids = new ButtonIds(Duration.ofMinutes(15), 100);

  /**
   * What Discord shows of a text: a backslash before punctuation is its escape and shows nothing.
   */
  static String shown(String text) {
    return text.replaceAll("\\\\(\\p{Punct})", "$1");
  }

  /**
   * The markdown Discord would still act on in the text: an unescaped mark anywhere, or at the
   * start of a line; an unescaped {@code ://} or {@code @everyone}/{@code @here}. Empty when none.
   * Written apart from the code under test, from Discord's rules.
   */
  static List<String> liveMarkdown(String text) {
    List<String> live = new ArrayList<>();
    boolean lineStart = true;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length()) {
        i++;
        lineStart = false;
        continue;
      }
      if (c == '\n') {
        lineStart = true;
        continue;
      }
      if (lineStart && c == ' ') {
        continue;
      }
      if ("*_~`|<[]\\".indexOf(c) >= 0) {
        live.add(c + " at " + i);
      }
      if (lineStart && "#->+".indexOf(c) >= 0) {
        live.add(c + " starting a line at " + i);
      }
      if (lineStart && Character.isDigit(c) && text.substring(i).matches("(?s)[0-9]+\\..*")) {
        live.add("numbered list at " + i);
      }
      if (text.startsWith("://", i)) {
        live.add("link at " + i);
      }
      if (c == '@' && text.regionMatches(true, i + 1, "everyone", 0, 8)
          || c == '@' && text.regionMatches(true, i + 1, "here", 0, 4)) {
        live.add("mass mention at " + i);
      }
      lineStart = false;
    }
    return live;
  }

  private static ChatMessage requested(String who, String reason) {
    return new ChatMessage(
        "Confirm: /iis stop web01 for " + who,
        Status.PENDING,
        List.of("Requested by " + who + ", reason: " + reason),
        List.of(new Field("Requested by", who), new Field(who, reason)),
        List.of(new Button("Confirm", "confirm", "t", Button.Style.DANGER)),
        false,
        false);
  }

  /** Every text of the embed, on the JSON path. */
  private List<String> jsonTexts(ChatMessage m) {
    JsonNode embed = DiscordMessages.toJson(m, ids, JSON).at("/embeds/0");
    List<String> texts = new ArrayList<>();
    texts.add(embed.get("title").asText());
    texts.add(embed.get("description").asText());
    for (JsonNode f : embed.get("fields")) {
      texts.add(f.get("name").asText());
      texts.add(f.get("value").asText());
    }
    return texts;
  }

  /** The same texts, on the JDA path. */
  private List<String> jdaTexts(ChatMessage m) {
    MessageEmbed embed = DiscordMessages.toJda(m, ids).getEmbeds().get(0);
    List<String> texts = new ArrayList<>();
    texts.add(embed.getTitle());
    texts.add(embed.getDescription());
    for (MessageEmbed.Field f : embed.getFields()) {
      texts.add(f.getName());
      texts.add(f.getValue());
    }
    return texts;
  }

  @Test
  void finding11_nickWithMarkdown_rendersLiterally() {
    String nick = "**[click](https://evil)** @everyone <@123>";
    ChatMessage m = requested(nick, "patch");

    List<String> json = jsonTexts(m);

    assertThat(json)
        .containsExactly(
            "Confirm: /iis stop web01 for " + EXPECTED_NICK,
            "Requested by " + EXPECTED_NICK + ", reason: patch",
            "Requested by",
            EXPECTED_NICK,
            EXPECTED_NICK,
            "patch");
    assertThat(jdaTexts(m)).isEqualTo(json);
    for (String text : json) {
      assertThat(liveMarkdown(text)).as(text).isEmpty();
    }
    assertThat(shown(json.get(3))).isEqualTo(nick);
  }

  @Test
  void finding11_reasonWithMaskedLink_makesNoLink() {
    String reason = "[phish](http://x) and <https://y> and https://z/a_b";
    ChatMessage m = requested("alice", reason);

    String description = jsonTexts(m).get(1);

    assertThat(description)
        .isEqualTo(
            "Requested by alice, reason: \\[phish\\](http\\://x) and \\<https\\://y> and"
                + " https\\://z/a\\_b");
    assertThat(liveMarkdown(description)).isEmpty();
    assertThat(shown(description)).isEqualTo("Requested by alice, reason: " + reason);
    assertThat(jdaTexts(m).get(1)).isEqualTo(description);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiterString = "=>",
      quoteCharacter = '"',
      textBlock =
          """
          @everyone and @HERE         => \\@everyone and \\@HERE
          <@123> <@&456> <#789>       => \\<@123> \\<@&456> \\<#789>
          `code` and ```block```      => \\`code\\` and \\`\\`\\`block\\`\\`\\`
          ~~gone~~ __under__ _it_     => \\~\\~gone\\~\\~ \\_\\_under\\_\\_ \\_it\\_
          ||spoiler||                 => \\|\\|spoiler\\|\\|
          > quote                     => \\> quote
          >>> all quoted              => \\>>> all quoted
          "# heading"                 => "\\# heading"
          -# small print              => \\-# small print
          - list                      => \\- list
          + list                      => \\+ list
          * list                      => \\* list
          12. numbered                => 12\\. numbered
          "   - indented list"        => "   \\- indented list"
          C:\\inetpub\\wwwroot        => C:\\\\inetpub\\\\wwwroot
          <t:1700000000:R>            => \\<t:1700000000:R>
          web-01 #2 > 3 - 1 12.5      => web-01 #2 > 3 - 1 12.5
          """)
  void finding11_markdownConstruct_isEscaped(String text, String escaped) {
    ChatMessage m =
        new ChatMessage("t", Status.INFO, List.of(text), List.of(), List.of(), false, true);

    String description = DiscordMessages.toJson(m, ids, JSON).at("/embeds/0/description").asText();

    assertThat(description).isEqualTo(escaped);
    assertThat(liveMarkdown(description)).isEmpty();
    assertThat(shown(description)).isEqualTo(text);
  }

  @Test
  void finding11_everyLineOfAText_isEscapedAtItsStart() {
    ChatMessage m =
        new ChatMessage(
            "t",
            Status.INFO,
            List.of("fine", "# not a heading"),
            List.of(new Field("Events", "first\n> not a quote\n  - not a list")),
            List.of(),
            false,
            true);

    JsonNode embed = DiscordMessages.toJson(m, ids, JSON).at("/embeds/0");

    assertThat(embed.get("description").asText()).isEqualTo("fine\n\\# not a heading");
    assertThat(embed.at("/fields/0/value").asText())
        .isEqualTo("first\n\\> not a quote\n  \\- not a list");
  }

  @Test
  void finding11_escapedTextOverALimit_isNeverCutInsideAnEscape() {
    // 300 stars escape to 600 characters; every cut point but one falls inside an escape.
    for (int offset = 0; offset < 2; offset++) {
      ChatMessage m =
          new ChatMessage(
              "x" + "*".repeat(300),
              Status.INFO,
              List.of(),
              List.of(new Field("n", "y".repeat(offset) + "_".repeat(1_000))),
              List.of(),
              false,
              true);

      JsonNode embed = DiscordMessages.toJson(m, ids, JSON).at("/embeds/0");
      String title = embed.get("title").asText();
      String value = embed.at("/fields/0/value").asText();

      assertThat(title).hasSizeLessThanOrEqualTo(MessageView.TITLE_MAX);
      assertThat(title).startsWith("x\\*\\*").endsWith("\\*" + DiscordText.TRUNCATED);
      assertThat(value).hasSizeLessThanOrEqualTo(MessageView.FIELD_VALUE_MAX);
      assertThat(value).endsWith("\\_" + DiscordText.TRUNCATED);
      assertThat(liveMarkdown(title)).isEmpty();
      assertThat(liveMarkdown(value)).isEmpty();
    }
  }

  @Test
  void cut_keepsEscapesAndSurrogatePairsWhole() {
    String text = "a\\*😀\\\\b" + "c".repeat(30);

    assertThat(DiscordText.cut(text, DiscordText.TRUNCATED.length() + 2))
        .isEqualTo("a" + DiscordText.TRUNCATED);
    assertThat(DiscordText.cut(text, DiscordText.TRUNCATED.length() + 3))
        .isEqualTo("a\\*" + DiscordText.TRUNCATED);
    assertThat(DiscordText.cut(text, DiscordText.TRUNCATED.length() + 4))
        .isEqualTo("a\\*" + DiscordText.TRUNCATED);
    // Room for half of the escaped backslash: it is left out whole.
    assertThat(DiscordText.cut(text, DiscordText.TRUNCATED.length() + 6))
        .isEqualTo("a\\*😀" + DiscordText.TRUNCATED);
    assertThat(DiscordText.cut(text, DiscordText.TRUNCATED.length() + 7))
        .isEqualTo("a\\*😀\\\\" + DiscordText.TRUNCATED);
    assertThat(DiscordText.cut(text, DiscordText.TRUNCATED.length() + 8))
        .isEqualTo("a\\*😀\\\\b" + DiscordText.TRUNCATED);
  }

  @Test
  void toJson_buttonLabelWithMarkdown_isLeftAsWrittenAndWithin80() {
    String label = "**[x](http://y)** " + "L".repeat(100);
    ChatMessage m =
        new ChatMessage(
            "t",
            Status.INFO,
            List.of(),
            List.of(),
            List.of(new Button(label, "go", "", null)),
            false,
            true);

    String shownLabel =
        DiscordMessages.toJson(m, ids, JSON).at("/components/0/components/0/label").asText();

    // Discord shows labels as plain text: an escape would show its backslash.
    assertThat(shownLabel)
        .hasSize(MessageView.LABEL_MAX)
        .startsWith("**[x](http://y)** LLL")
        .endsWith(DiscordText.TRUNCATED);
  }

  @Test
  void toJson_footer_isTheBotsOwnAndUnescaped() {
    ChatMessage m = ChatMessage.privateReply("*t*", Status.WARNING, List.of("_x_"));

    JsonNode embed = DiscordMessages.toJson(m, ids, JSON).at("/embeds/0");

    // Discord shows a footer as plain text, so escaping it would show backslashes.
    assertThat(embed.at("/footer/text").asText()).isEqualTo("⚠️ Warning · only you");
    assertThat(embed.get("title").asText()).isEqualTo("\\*t\\*");
  }
}
