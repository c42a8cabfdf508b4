package io.iisbot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

final class DemoConfigTest {

  @Test
  void demo_noEnvironment_isValidAndLocal() {
    BotConfig c = ConfigLoader.demo(Map.of(), "./data");

    assertThat(c.demo()).isTrue();
    assertThat(c.server().bind()).isEqualTo("127.0.0.1");
    assertThat(c.server().port()).isEqualTo(8080);
    assertThat(c.server().secret().length()).isGreaterThanOrEqualTo(32);
    assertThat(c.store()).isEqualTo(new BotConfig.Sqlite(Path.of("./data", "iisbot.db")));
    assertThat(c.console().enabled()).isTrue();
    assertThat(c.slack()).isEmpty();
    assertThat(c.discord()).isEmpty();
    assertThat(c.groups()).containsOnlyKeys("web", "production");
    assertThat(c.hosts()).extracting(Host::name).containsExactly("web01", "web02", "web03");
    assertThat(c.hosts()).allSatisfy(h -> assertThat(h.keyId()).isEqualTo("demo"));
  }

  @Test
  void demo_admin_mayDoEverythingEverywhere() {
    BotConfig c = ConfigLoader.demo(Map.of(), "./data");

    Role admin = c.roles().get(0);
    assertThat(c.roles()).hasSize(1);
    assertThat(admin.name()).isEqualTo("admin");
    assertThat(admin.members()).containsExactly("console:demo", "console:demo-approver");
    for (Host h : c.hosts()) {
      for (String a : List.of("stop", "status", "recycle", "console", "a-command-to-come")) {
        assertThat(admin.allows(a, h)).as("%s on %s", a, h.name()).isTrue();
      }
    }
  }

  @Test
  void demo_stopOnProduction_needsSecondApprover() {
    BotConfig c = ConfigLoader.demo(Map.of(), "./data");

    Policy p = c.policies().get(0);
    assertThat(p.secondApprover()).isTrue();
    assertThat(p.appliesTo("stop", c.host("web01").orElseThrow())).isTrue();
    assertThat(p.appliesTo("stop", c.host("web03").orElseThrow())).isFalse();
    assertThat(p.appliesTo("recycle", c.host("web01").orElseThrow())).isFalse();
  }

  @Test
  void demo_twoRuns_haveDifferentSecrets() {
    BotConfig a = ConfigLoader.demo(Map.of(), "./data");
    BotConfig b = ConfigLoader.demo(Map.of(), "./data");

    assertThat(a.server().secret()).isNotEqualTo(b.server().secret());
    assertThat(a.hosts().get(0).secret()).isNotEqualTo(b.hosts().get(0).secret());
  }

  @Test
  void demo_givenSecretAndPort_usesThem() {
    String secret = ExampleConfigTest.SECRET;
    BotConfig c = ConfigLoader.demo(Map.of("IISBOT_SECRET", secret, "IISBOT_PORT", "0"), "/tmp/d");

    assertThat(c.server().secret()).isEqualTo(Secret.of(secret));
    assertThat(c.server().port()).isZero();
  }

  @Test
  void demo_shortSecret_isRefusedWithItsVariable() {
    assertThatThrownBy(() -> ConfigLoader.demo(Map.of("IISBOT_SECRET", "short"), "./data"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "server.secretEnv: the secret is 5 bytes; at least 32 are needed: make one with"
                + " `openssl rand -hex 32`");
  }

  @Test
  void demo_slackAndDiscordVariables_configureThem() {
    BotConfig c =
        ConfigLoader.demo(
            Map.of(
                "SLACK_BOT_TOKEN", "xoxb-1",
                "SLACK_APP_TOKEN", "xapp-1",
                "DISCORD_BOT_TOKEN", "token",
                "DISCORD_APPLICATION_ID", "1234567890",
                "IISBOT_ADMINS", "slack:U024BE7LH, discord:80351110224678912"),
            "./data");

    assertThat(c.slack().orElseThrow().socketMode()).isTrue();
    assertThat(c.discord().orElseThrow().applicationId()).isEqualTo("1234567890");
    assertThat(c.roles().get(0).hasMember(Set.of("discord:80351110224678912"))).isTrue();
  }

  @Test
  void withHosts_loopbackAgents_replacePlaceholders() {
    BotConfig c = ConfigLoader.demo(Map.of(), "./data");
    Secret key = Secret.random(32);

    BotConfig filled =
        c.withHosts(
            c.hosts().stream()
                .map(h -> h.withAgent(URI.create("http://127.0.0.1:40123")).withKey("k1", key))
                .toList());

    assertThat(filled.hosts())
        .allSatisfy(
            h -> {
              assertThat(h.agent()).isEqualTo(URI.create("http://127.0.0.1:40123"));
              assertThat(h.secret()).isEqualTo(key);
            });
    assertThat(filled.roles()).isEqualTo(c.roles());
  }

  @Test
  void withHosts_unknownGroup_isRefused() {
    BotConfig c = ConfigLoader.demo(Map.of(), "./data");
    Host h = c.hosts().get(0);
    Host db =
        new Host(
            "db01",
            h.agent(),
            h.keyId(),
            h.secret(),
            List.of("db"),
            h.environment(),
            h.caCertificate());

    assertThatThrownBy(() -> c.withHosts(List.of(db)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("hosts.db01: unknown group \"db\"");
  }
}
