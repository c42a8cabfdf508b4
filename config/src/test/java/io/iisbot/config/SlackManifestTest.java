package io.iisbot.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The shipped Slack app manifest must declare what the bot expects, and nothing more. */
final class SlackManifestTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static JsonNode manifest() throws Exception {
    return YAML.readTree(Path.of("slack-app-manifest.yaml").toFile());
  }

  @Test
  void manifest_slashCommand_isTheDefaultCommandUnescaped() throws Exception {
    JsonNode commands = manifest().at("/features/slash_commands");

    assertThat(commands).hasSize(1);
    assertThat(commands.at("/0/command").asText()).isEqualTo(BotConfig.Slack.DEFAULT_COMMAND);
    assertThat(commands.at("/0/usage_hint").asText()).isEqualTo("stop web01 | status @web | help");
    assertThat(commands.at("/0/should_escape").isBoolean()).isTrue();
    assertThat(commands.at("/0/should_escape").asBoolean()).isFalse();
  }

  @Test
  void manifest_botScopes_areExactlyWhatTheAdapterUses() throws Exception {
    JsonNode m = manifest();

    assertThat(m.at("/oauth_config/scopes/bot"))
        .extracting(JsonNode::asText)
        .containsExactly("commands", "chat:write", "usergroups:read");
    assertThat(m.at("/oauth_config/scopes").has("user")).isFalse();
  }

  @Test
  void manifest_bothUrls_pointAtTheBotsSlackEndpoint() throws Exception {
    JsonNode m = manifest();

    assertThat(m.at("/features/slash_commands/0/url").asText())
        .startsWith("https://")
        .endsWith("/slack/events");
    assertThat(m.at("/settings/interactivity/request_url").asText())
        .startsWith("https://")
        .endsWith("/slack/events");
    assertThat(m.at("/settings/interactivity/is_enabled").asBoolean()).isTrue();
  }

  @Test
  void manifest_settings_areHttpWithOneLongLivedToken() throws Exception {
    JsonNode m = manifest();

    assertThat(m.at("/settings/socket_mode_enabled").asBoolean(true)).isFalse();
    assertThat(m.at("/settings/token_rotation_enabled").asBoolean(true)).isFalse();
    assertThat(m.at("/settings/org_deploy_enabled").asBoolean(true)).isFalse();
    assertThat(m.at("/features/bot_user/display_name").asText()).isEqualTo("iisbot");
    assertThat(m.at("/features/bot_user/always_online").asBoolean()).isTrue();
    // Slack's limits for these two.
    assertThat(m.at("/display_information/name").asText()).hasSizeBetween(1, 35);
    assertThat(m.at("/display_information/description").asText()).hasSizeBetween(1, 140);
  }
}
