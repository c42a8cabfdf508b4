package io.iisbot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code teams:} section: defaults, the tenant in the token URL, and problems by key path. */
final class TeamsConfigTest {

  private static final String SECRET = ExampleConfigTest.SECRET;
  private static final String APP = "c9e8c047-2a74-40a2-b28a-b162d5f5327c";
  private static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
  private static final String BASE =
      """
      server: {secretEnv: S}
      hosts:
        - {name: web01, agent: "https://web01:9701", keyId: bot, secretEnv: S}
      """;

  private static BotConfig load(String yaml, Map<String, String> env) {
    return ConfigLoader.parse(BASE + yaml, "iisbot.yaml", env);
  }

  private static List<String> problems(String yaml, Map<String, String> env) {
    try {
      load(yaml, env);
    } catch (ConfigException e) {
      return e.problems();
    }
    throw new AssertionError("expected problems, the file loaded");
  }

  @Test
  void teams_minimal_usesThePublicCloudAndTheTenantsTokenUrl() {
    BotConfig c =
        load(
            """
            teams: {appId: %s, appPasswordEnv: TEAMS_APP_PASSWORD, tenantId: %s}
            announce:
              - {platform: teams, channel: "19:0a1b2c3d4e5f@thread.tacv2"}
            roles:
              - name: oncall
                members: ["teams-channel:19:0a1b2c3d4e5f@thread.tacv2", "teams:7faf8ab2-3d56-4244-b585-20c8a42ed2b8"]
                allow: [{actions: ["*"], hosts: ["*"]}]
            """
                .formatted(APP, TENANT),
            Map.of("S", SECRET, "TEAMS_APP_PASSWORD", "app-password~1"));

    BotConfig.Teams t = c.teams().orElseThrow();
    assertThat(t.appId()).isEqualTo(APP);
    assertThat(t.appPassword().text()).isEqualTo("app-password~1");
    assertThat(t.openIdMetadataUrl()).isEqualTo(BotConfig.Teams.DEFAULT_OPENID_METADATA_URL);
    assertThat(t.tokenUrl())
        .isEqualTo(
            URI.create("https://login.microsoftonline.com/" + TENANT + "/oauth2/v2.0/token"));
    assertThat(t.serviceUrl()).isEqualTo(URI.create("https://smba.trafficmanager.net/teams/"));
    assertThat(c.announce().get(0).platform()).isEqualTo(BotConfig.Platform.TEAMS);
    assertThat(t.toString()).doesNotContain("app-password~1");
  }

  @Test
  void teams_otherEndpoints_areTaken() {
    BotConfig c =
        load(
            """
            teams:
              appId: %s
              appPasswordEnv: P
              tenantId: %s
              openIdMetadataUrl: http://127.0.0.1:9/openid
              tokenUrl: "http://127.0.0.1:9/{tenantId}/token"
              serviceUrl: http://127.0.0.1:9/connector/
            """
                .formatted(APP, TENANT),
            Map.of("S", SECRET, "P", "pw"));

    BotConfig.Teams t = c.teams().orElseThrow();
    assertThat(t.openIdMetadataUrl()).isEqualTo(URI.create("http://127.0.0.1:9/openid"));
    assertThat(t.tokenUrl()).isEqualTo(URI.create("http://127.0.0.1:9/" + TENANT + "/token"));
    assertThat(t.serviceUrl()).isEqualTo(URI.create("http://127.0.0.1:9/connector/"));
  }

  @Test
  void teams_mistakes_areNamedByKeyPath() {
    assertThat(
            problems(
                """
                teams:
                  appId: my-bot
                  appPassword: inline
                  tenantId: contoso
                  openIdMetadataUrl: login.botframework.com
                announce:
                  - {platform: teams, channel: General}
                """,
                Map.of("S", SECRET)))
        .containsExactly(
            "teams.appPassword: secrets never live in this file; use appPasswordEnv (an"
                + " environment variable) or appPasswordFile (a file)",
            "teams.appId: must be the bot's Microsoft App ID (a GUID such as"
                + " 00000000-0000-0000-0000-000000000000), was \"my-bot\"",
            "teams: needs appPasswordEnv or appPasswordFile (secrets never live in this file)",
            "teams.tenantId: must be the Microsoft Entra tenant id (a GUID such as"
                + " 00000000-0000-0000-0000-000000000000), was \"contoso\"",
            "teams.openIdMetadataUrl: not an http(s) URL: \"login.botframework.com\"",
            "announce[0].channel: must be a Teams channel's conversation id such as"
                + " 19:…@thread.tacv2, was \"General\"");
  }

  @Test
  void teamsRecord_badAppId_isRefusedWithTheValue() {
    assertThatThrownBy(() -> new BotConfig.Teams("bot", io.iisbot.config.Secret.of("x"), TENANT))
        .hasMessageStartingWith("appId: must be the bot's Microsoft App ID")
        .hasMessageContaining("\"bot\"");
  }

  @Test
  void demo_teamsVariables_configureTeams() {
    BotConfig c =
        ConfigLoader.demo(
            Map.of(
                "TEAMS_APP_ID", APP,
                "TEAMS_APP_PASSWORD", "pw",
                "TEAMS_TENANT_ID", TENANT,
                "TEAMS_OPENID_URL", "http://127.0.0.1:9/openid",
                "TEAMS_TOKEN_URL", "http://127.0.0.1:9/token"),
            "data");

    BotConfig.Teams t = c.teams().orElseThrow();
    assertThat(t.appId()).isEqualTo(APP);
    assertThat(t.openIdMetadataUrl()).isEqualTo(URI.create("http://127.0.0.1:9/openid"));
    assertThat(t.tokenUrl()).isEqualTo(URI.create("http://127.0.0.1:9/token"));
    assertThat(ConfigLoader.demo(Map.of(), "data").teams()).isEmpty();
  }
}
