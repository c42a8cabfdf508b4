package io.iisbot.adapters.slack;

import static io.iisbot.adapters.slack.SlackJson.blocks;
import static io.iisbot.adapters.slack.SlackJson.message;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.iisbot.adapters.chat.ChatMessage.Field;
import io.iisbot.adapters.chat.Identity;
import io.iisbot.adapters.chat.Mention;
import java.util.List;
import org.junit.jupiter.api.Test;

/** People in Slack messages: Slack users as {@code <@U…>}, everyone else by name. */
final class SlackMentionsTest {

  private static final String ALICE = new Mention(Identity.parse("slack:UALICE"), "alice").token();
  private static final String OPERATOR =
      new Mention(Identity.parse("discord:42"), "op*erator").token();

  @Test
  void slackUserInAField_isSlacksMention_inVerbatimMrkdwn() throws Exception {
    SlackBlocks.Rendered r =
        SlackBlocks.render(
            message(
                List.of(),
                List.of(new Field("Requested by", ALICE), new Field("Approved by", OPERATOR)),
                List.of()));
    JsonNode fields = blocks(r).get(2).get("fields");

    assertThat(fields.get(0).get("type").asText()).isEqualTo("mrkdwn");
    assertThat(fields.get(0).get("verbatim").asBoolean()).isTrue();
    assertThat(fields.get(0).get("text").asText()).isEqualTo("Requested by\n<@UALICE>");
    assertThat(fields.get(1).get("type").asText()).isEqualTo("plain_text");
    assertThat(fields.get(1).get("text").asText()).isEqualTo("Approved by\nop*erator");
  }

  @Test
  void lineWithASlackUser_andNothingMrkdwnReads_isMrkdwnWithTheMention() throws Exception {
    JsonNode section =
        blocks(
                SlackBlocks.render(
                    message(List.of("by " + ALICE + " · web01 <&>"), List.of(), List.of())))
            .get(2)
            .get("text");

    assertThat(section.get("type").asText()).isEqualTo("mrkdwn");
    assertThat(section.get("text").asText()).isEqualTo("by <@UALICE> · web01 &lt;&amp;&gt;");
  }

  @Test
  void lineWithASlackUser_andFormattingCharacters_staysPlain_withTheName() throws Exception {
    JsonNode section =
        blocks(
                SlackBlocks.render(
                    message(List.of("by " + ALICE + ", reason: *urgent*"), List.of(), List.of())))
            .get(2)
            .get("text");

    assertThat(section.get("type").asText()).isEqualTo("plain_text");
    assertThat(section.get("text").asText()).isEqualTo("by alice, reason: *urgent*");
  }

  @Test
  void fallbackText_showsPeopleByName() {
    SlackBlocks.Rendered r =
        SlackBlocks.render(
            message(List.of("by " + ALICE + " and " + OPERATOR), List.of(), List.of()));

    assertThat(r.text()).contains("by alice and op*erator").doesNotContain("\uE000");
  }
}
