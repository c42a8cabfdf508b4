package io.iisbot.adapters.discord;

import static io.iisbot.adapters.discord.Fixtures.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatMessage.Field;
import io.iisbot.adapters.chat.ChatMessage.Status;
import io.iisbot.adapters.chat.Identity;
import io.iisbot.adapters.chat.Mention;
import java.time.Duration;
import java.util.List;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import org.junit.jupiter.api.Test;

/**
 * People in Discord messages: Discord users as {@code <@id>}, which notify no one because every
 * message's {@code allowed_mentions} parses nothing; everyone else by name, escaped.
 */
final class DiscordMentionsTest {

  private static final String OPERATOR =
      new Mention(Identity.parse("discord:80351110224678912"), "operator").token();
  private static final String ALICE =
      new Mention(Identity.parse("slack:UALICE"), "**alice**").token();

  private final ButtonIds ids = new ButtonIds(Duration.ofMinutes(15), 100);

  private static ChatMessage message() {
    return new ChatMessage(
        "Done: /iis stop web01",
        Status.SUCCESS,
        List.of("Requested by " + OPERATOR + ", approved by " + ALICE),
        List.of(new Field("Confirmed by", OPERATOR), new Field("Approved by", ALICE)),
        List.of(),
        false,
        true);
  }

  @Test
  void discordUser_isDiscordsMention_andNotifiesNoOne() {
    JsonNode m = DiscordMessages.toJson(message(), ids, JSON);

    assertThat(m.at("/embeds/0/description").asText())
        .isEqualTo("Requested by <@80351110224678912>, approved by \\*\\*alice\\*\\*");
    assertThat(m.at("/embeds/0/fields/0/value").asText()).isEqualTo("<@80351110224678912>");
    assertThat(m.at("/embeds/0/fields/1/value").asText()).isEqualTo("\\*\\*alice\\*\\*");
    assertThat(m.at("/allowed_mentions/parse").isArray()).isTrue();
    assertThat(m.at("/allowed_mentions/parse")).isEmpty();
  }

  @Test
  void jdaPath_rendersTheSame_andAllowsNoMentions() {
    MessageCreateData data = DiscordMessages.toJda(message(), ids);

    assertThat(data.getEmbeds().get(0).getDescription())
        .isEqualTo("Requested by <@80351110224678912>, approved by \\*\\*alice\\*\\*");
    assertThat(data.getAllowedMentions()).isEmpty();
    assertThat(data.getMentionedUsers()).isEmpty();
  }

  @Test
  void typedMentionText_isEscaped_onlyTheBotsTokensMention() {
    ChatMessage m =
        new ChatMessage(
            "x", Status.INFO, List.of("reason: <@123>"), List.of(), List.of(), false, true);

    assertThat(DiscordMessages.toJson(m, ids, JSON).at("/embeds/0/description").asText())
        .isEqualTo("reason: \\<@123>");
  }
}
