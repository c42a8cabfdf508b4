package io.iisbot.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped example must load, so it cannot drift from what the loader accepts. */
final class ExampleConfigTest {

  /** Random hex, as `openssl rand -hex 32` makes (a repeating one would be refused as weak). */
  static final String SECRET = "5f1c9a0e7b3d42c8a6e19f0b2d7c4e8a9b1f3c5d7e9a0b2c4d6e8f0a1b3c5d7e";

  static final Map<String, String> ENV =
      Map.of(
          "IISBOT_SECRET", SECRET + "server",
          "SLACK_SIGNING_SECRET", "8f742231b10e8888abcd99yyyzzz85a5",
          "SLACK_APP_TOKEN", "xapp-1-A0123-456-abc",
          "SLACK_BOT_TOKEN", "xoxb-123-456-abc",
          "DISCORD_BOT_TOKEN", "MTIzNDU2Nzg5.discord.token",
          "IISBOT_KEY_WEB01", SECRET + "web01",
          "IISBOT_KEY_STAGING", SECRET + "staging",
          "F5_AUTHORIZATION", "Basic YWRtaW46YWRtaW4=");

  @TempDir Path dir;

  /** The example with its two files pointed at temporary copies. */
  static Path example(Path dir) throws Exception {
    Files.writeString(dir.resolve("web02.secret"), SECRET + "web02\n");
    Files.writeString(dir.resolve("agents-ca.pem"), "-----BEGIN CERTIFICATE-----\n");
    String text =
        Files.readString(Path.of("examples", "iisbot.example.yaml"))
            .replace("/etc/iisbot/secrets/web02.secret", dir.resolve("web02.secret").toString())
            .replace("/etc/iisbot/agents-ca.pem", dir.resolve("agents-ca.pem").toString());
    return Files.writeString(dir.resolve("iisbot.yaml"), text);
  }

  @Test
  void example_withItsEnvironment_loads() throws Exception {
    BotConfig c = ConfigLoader.load(example(dir), ENV);

    assertThat(c.demo()).isFalse();
    assertThat(c.server().port()).isEqualTo(8080);
    assertThat(c.server().bind()).isEqualTo("0.0.0.0");
    assertThat(c.server().dataDir()).isEqualTo(Path.of("/var/lib/iisbot"));
    assertThat(c.server().publicUrl()).contains(URI.create("https://iisbot.example.com"));
    assertThat(c.server().secret().text()).isEqualTo(SECRET + "server");
    assertThat(c.store()).isEqualTo(new BotConfig.Sqlite(Path.of("/var/lib/iisbot/iisbot.db")));

    BotConfig.Slack slack = c.slack().orElseThrow();
    assertThat(slack.botToken().text()).isEqualTo("xoxb-123-456-abc");
    assertThat(slack.socketMode()).isTrue();
    assertThat(slack.command()).isEqualTo("/iis");
    assertThat(slack.apiUrl()).contains(URI.create("https://slack.com/api/"));

    BotConfig.Discord discord = c.discord().orElseThrow();
    assertThat(discord.applicationId()).isEqualTo("1234567890123456789");
    assertThat(discord.guildId()).contains("987654321098765432");
    assertThat(discord.httpInteractions()).isTrue();

    assertThat(c.console()).isEqualTo(new BotConfig.Console(true, Duration.ofHours(12)));
    assertThat(c.logging()).isEqualTo(BotConfig.Logging.DEFAULT);
    assertThat(c.groups()).containsOnlyKeys("web", "production");

    assertThat(c.hosts()).extracting(Host::name).containsExactly("web01", "web02", "web-staging");
    Host web01 = c.host("web01").orElseThrow();
    assertThat(web01.agent()).isEqualTo(URI.create("https://web01.corp.example.com:9701"));
    assertThat(web01.keyId()).isEqualTo("bot-prod");
    assertThat(web01.secret().text()).isEqualTo(SECRET + "web01");
    assertThat(web01.groups()).containsExactly("web", "production");
    assertThat(web01.environment()).contains("production");
    assertThat(web01.caCertificate()).contains(dir.resolve("agents-ca.pem"));
    assertThat(c.host("web02").orElseThrow().secret().text()).isEqualTo(SECRET + "web02");
    assertThat(c.loadBalancers()).extracting(LoadBalancer::name).containsExactly("edge", "f5");
    assertThat(web01.lbServer()).contains("web01");
    assertThat(c.host("web02").orElseThrow().lbServer()).contains("web02-iis");
    assertThat(c.host("web-staging").orElseThrow().loadBalancer()).isEmpty();
    LoadBalancer.Http f5 = (LoadBalancer.Http) c.loadBalancer("f5").orElseThrow();
    assertThat(f5.drain().headers())
        .containsEntry("Authorization", "Basic YWRtaW46YWRtaW4=")
        .containsEntry("Content-Type", "application/json");

    assertThat(c.roles()).extracting(Role::name).containsExactly("oncall", "web-admins", "viewers");
    Role oncall = c.roles().get(0);
    assertThat(oncall.allow().get(0).actions()).containsExactly("*");
    Role webAdmins = c.roles().get(1);
    assertThat(webAdmins.hasMember(Set.of("person:alice"))).isTrue();
    assertThat(c.people()).extracting(Person::name).containsExactly("alice", "bob");
    assertThat(c.people().get(0).ids())
        .containsExactly("slack:U024BE7LH", "discord:80351110224678912", "console:alice");
    assertThat(webAdmins.allows("recycle", web01)).isTrue();
    assertThat(webAdmins.allows("stop", web01)).isFalse();
    assertThat(webAdmins.allows("stop", c.host("web-staging").orElseThrow())).isTrue();

    Policy policy = c.policies().get(0);
    assertThat(policy.secondApprover()).isTrue();
    assertThat(policy.confirmTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(policy.maxBatch()).isEqualTo(OptionalInt.of(1));
    assertThat(policy.requireReason()).isTrue();
    assertThat(policy.appliesTo("stop", web01)).isTrue();
    assertThat(policy.appliesTo("stop", c.host("web-staging").orElseThrow())).isFalse();

    assertThat(c.announce())
        .containsExactly(
            new BotConfig.Announce(BotConfig.Platform.SLACK, "C0123CHOPS"),
            new BotConfig.Announce(BotConfig.Platform.DISCORD, "223344556677889900"));
  }

  @Test
  void example_withEnvironmentOverrides_usesThem() throws Exception {
    Map<String, String> env = new java.util.HashMap<>(ENV);
    env.put("IISBOT_PORT", "9090");
    env.put("SLACK_API_URL", "http://127.0.0.1:4567/api/");

    BotConfig c = ConfigLoader.load(example(dir), env);

    assertThat(c.server().port()).isEqualTo(9090);
    assertThat(c.slack().orElseThrow().apiUrl()).contains(URI.create("http://127.0.0.1:4567/api/"));
  }

  @Test
  void example_withoutItsSecrets_namesEachMissingVariable() throws Exception {
    Path file = example(dir);

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "server.secretEnv: IISBOT_SECRET is not set",
                        "slack.signingSecretEnv: SLACK_SIGNING_SECRET is not set",
                        "slack.botTokenEnv: SLACK_BOT_TOKEN is not set",
                        "slack.appTokenEnv: SLACK_APP_TOKEN is not set",
                        "discord.botTokenEnv: DISCORD_BOT_TOKEN is not set",
                        "loadBalancers[1].drain.authorizationEnv: F5_AUTHORIZATION is not set",
                        "loadBalancers[1].restore.authorizationEnv: F5_AUTHORIZATION is not set",
                        "loadBalancers[1].connections.authorizationEnv: F5_AUTHORIZATION is not set",
                        "hosts[0].secretEnv: IISBOT_KEY_WEB01 is not set",
                        "hosts[2].secretEnv: IISBOT_KEY_STAGING is not set"));
  }
}
