package io.iisbot.adapters.discord;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Edits through the interaction while its token lives, then through the bot token. */
final class DiscordChatTest {

  private final DiscordStub discord = new DiscordStub();
  private final MovableClock clock = new MovableClock(Instant.parse("2026-11-25T10:00:00Z"));
  private final ObjectMapper json = new ObjectMapper();
  private final DiscordChat chat =
      new DiscordChat(
          new DiscordRest(discord.restUrl(), DiscordStub.APPLICATION_ID, "test-token", json),
          new ButtonIds(Duration.ofHours(1), 100),
          json,
          clock);

  @AfterEach
  void stop() {
    discord.close();
  }

  private static ChatMessage running(String line) {
    return new ChatMessage(
        "Running: /iis stop web01",
        ChatMessage.Status.RUNNING,
        List.of(line),
        List.of(),
        List.of(),
        false,
        false);
  }

  @Test
  void update_withinTheTokensLife_goesThroughTheInteraction_thenThroughTheBotToken() {
    String message = chat.post(DiscordStub.CHANNEL_ID, null, running("waiting"));
    List<ChatMessage> throughInteraction = new ArrayList<>();
    chat.remember(DiscordStub.CHANNEL_ID, message, throughInteraction::add);

    chat.update(DiscordStub.CHANNEL_ID, message, running("draining: 3 requests left"));
    clock.advance(Duration.ofMinutes(15));
    chat.update(DiscordStub.CHANNEL_ID, message, running("stopping W3SVC"));

    assertThat(throughInteraction).hasSize(1);
    assertThat(message).isNotBlank();
    DiscordStub.Call edit =
        discord.awaitCall(
            "PATCH",
            "/channels/" + DiscordStub.CHANNEL_ID + "/messages/" + message,
            Duration.ofSeconds(5));
    assertThat(edit.header("Authorization")).isEqualTo("Bot test-token");
    assertThat(edit.body()).contains("stopping W3SVC").doesNotContain("\"flags\"");
  }

  @Test
  void update_whenTheChannelMessageCannotBeEdited_postsTheNewStateInstead() {
    chat.update(DiscordStub.CHANNEL_ID, "1301000000000009999", running("done soon"));

    DiscordStub.Call posted =
        discord.awaitCall(
            "POST", "/channels/" + DiscordStub.CHANNEL_ID + "/messages", Duration.ofSeconds(5));
    assertThat(posted.body()).contains("done soon");
  }
}
