package io.iisbot.adapters.discord;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Tokens out of log lines: the webhook's and callback's path, a body's field, the bot's. */
final class RedactTest {

  private static final String TOKEN = "aW50ZXJhY3Rpb246MTMwMTAwMDAwMDAwMDAwMDA5OTpzZWNyZXQ-_abc";

  @Test
  void text_webhookAndCallbackPaths_loseTheTokenAndKeepTheIds() {
    assertThat(
            Redact.text(
                "PATCH webhooks/1301000000000000001/" + TOKEN + "/messages/@original answered 401"))
        .isEqualTo("PATCH webhooks/1301000000000000001/<redacted>/messages/@original answered 401");
    assertThat(Redact.text("POST https://discord.com/api/v10/webhooks/1/" + TOKEN + "?wait=true"))
        .isEqualTo("POST https://discord.com/api/v10/webhooks/1/<redacted>?wait=true");
    assertThat(Redact.text("POST /interactions/1301000000000000099/" + TOKEN + "/callback"))
        .isEqualTo("POST /interactions/1301000000000000099/<redacted>/callback");
  }

  @Test
  void text_interactionBody_losesItsTokenField() {
    assertThat(Redact.text("{\"type\":2,\"token\" : \"" + TOKEN + "\",\"id\":\"9\"}"))
        .isEqualTo("{\"type\":2,\"token\" : \"<redacted>\",\"id\":\"9\"}");
  }

  @Test
  void text_botTokens_areHidden() {
    String bot = "MTMwMTAwMDAwMDAwMDAwMDAwMg.GhJk7q.abcdefghijklmnopqrstuvwxyz0123456789AB";

    assertThat(Redact.text("Authorization: Bot some-other-secret")).doesNotContain("secret");
    assertThat(Redact.text("token " + bot + " refused")).isEqualTo("token <redacted> refused");
  }

  @Test
  void text_withoutSecrets_isUnchanged() {
    String line = "could not edit message 1301000000000000500 in 1301000000000000020: 404";

    assertThat(Redact.text(line)).isEqualTo(line);
    assertThat(Redact.text("POST /discord/interactions")).isEqualTo("POST /discord/interactions");
    assertThat(Redact.text(null)).isNull();
  }
}
