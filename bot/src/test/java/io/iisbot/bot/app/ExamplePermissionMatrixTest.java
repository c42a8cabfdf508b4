package io.iisbot.bot.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.iisbot.adapters.chat.Caller;
import io.iisbot.adapters.chat.Identity;
import io.iisbot.bot.command.Grammar;
import io.iisbot.bot.core.HostDirectory;
import io.iisbot.bot.policy.Permissions;
import io.iisbot.config.BotConfig;
import io.iisbot.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every identity the shipped example names (and some it does not), on Slack, Discord and the
 * console, × every command permission the registry has × every host: exactly the allow or deny the
 * example's comments promise. The expected table is written out here by hand from the example's
 * {@code roles:}, {@code people:} and {@code hosts:}; it is not computed by the code under test.
 */
final class ExamplePermissionMatrixTest {

  @TempDir Path dir;

  /** The registry's permissions, as the example's comment lists them. */
  static final List<String> ACTIONS =
      List.of(
          "stop",
          "start",
          "suspend",
          "resume",
          "recycle",
          "reset",
          "status",
          "events",
          "history",
          "windows",
          "scheduled",
          "release",
          "console");

  /**
   * The example's hosts (groups: web01, web02 in @web @production; web-staging in @web), and one
   * the example does not configure.
   */
  static final List<String> HOSTS = List.of("web01", "web02", "web-staging", "db01");

  static final String ALL = String.join(" ", ACTIONS);
  static final String READS = "status events history windows scheduled";
  static final String WEB_ADMIN =
      "recycle suspend resume status events history windows scheduled console release";
  static final String WEB_ADMIN_STAGING = WEB_ADMIN + " stop start reset";

  /**
   * A caller (platform id, then memberships the platform reports) and what it may do on each of
   * {@link #HOSTS}, in that order; "-" is nothing.
   */
  record Row(String who, String[] allowedByHost) {}

  static final List<Row> EXPECTED =
      List.of(
          // oncall: slack-group:S0614TZR7, discord-role:112233445566778899 and a Teams team, * on
          // *.
          row("slack:U0ONCALL1 slack-group:S0614TZR7", ALL, ALL, ALL, ALL),
          row(
              "teams:6f1a2b3c-0000-4000-8000-00000000a001"
                  + " teams-team:19:0ncall0ncall0ncall0ncall0ncall0n@thread.tacv2",
              ALL,
              ALL,
              ALL,
              ALL),
          // The team's id as a channel's, and a Slack group's id as a team's: nothing.
          row(
              "teams:6f1a2b3c-0000-4000-8000-00000000a002"
                  + " teams-channel:19:0ncall0ncall0ncall0ncall0ncall0n@thread.tacv2",
              "-",
              "-",
              "-",
              "-"),
          row(
              "teams:6f1a2b3c-0000-4000-8000-00000000a003 teams-team:S0614TZR7",
              "-",
              "-",
              "-",
              "-"),
          row("discord:3000000000000001 discord-role:112233445566778899", ALL, ALL, ALL, ALL),
          row("console:oncall1 slack-group:S0614TZR7", ALL, ALL, ALL, ALL),
          // A group id of another platform's kind does not stand in for the real one.
          row("discord:3000000000000002 discord-role:S0614TZR7", "-", "-", "-", "-"),
          row("slack:U0ONCALL2 slack-group:112233445566778899", "-", "-", "-", "-"),
          // web-admins: person:alice, i.e. every account of alice on every platform.
          row("slack:U024BE7LH", WEB_ADMIN, WEB_ADMIN, WEB_ADMIN_STAGING, "-"),
          row("discord:80351110224678912", WEB_ADMIN, WEB_ADMIN, WEB_ADMIN_STAGING, "-"),
          row("console:alice", WEB_ADMIN, WEB_ADMIN, WEB_ADMIN_STAGING, "-"),
          // alice's accounts in oncall too: the union of both roles.
          row("slack:U024BE7LH slack-group:S0614TZR7", ALL, ALL, ALL, ALL),
          // viewers: slack:U0G9QF9C6 only, reads on every host.
          row("slack:U0G9QF9C6", READS, READS, READS, READS),
          row("discord:0G9QF9C6", "-", "-", "-", "-"),
          row("console:U0G9QF9C6", "-", "-", "-", "-"),
          // bob is a person, in no role.
          row("slack:U061F7AUR", "-", "-", "-", "-"),
          row("discord:91234567890123456", "-", "-", "-", "-"),
          // Strangers, and ids that only look like someone's.
          row("slack:UNOBODY", "-", "-", "-", "-"),
          row("discord:1", "-", "-", "-", "-"),
          row("console:mallory", "-", "-", "-", "-"),
          row("teams:U0G9QF9C6", "-", "-", "-", "-"),
          row("slack:u024be7lh", "-", "-", "-", "-"),
          row("console:Alice", "-", "-", "-", "-"));

  private static Row row(String who, String... allowedByHost) {
    return new Row(who, allowedByHost);
  }

  @Test
  void exampleConfiguration_everyIdentityActionAndHost_isExactlyAsDocumented() throws Exception {
    BotConfig config = ConfigLoader.load(example(dir), ENV);
    assertThat(Grammar.standard().permissions())
        .as("the registry's permissions: a new one needs its column in this table")
        .containsExactlyInAnyOrderElementsOf(ACTIONS);
    assertThat(config.hosts().stream().map(h -> h.name()).toList())
        .containsExactlyElementsOf(HOSTS.subList(0, 3));
    HostDirectory directory =
        new HostDirectory(
            config.hosts().stream()
                .map(h -> new HostDirectory.Entry(h.name(), null, Set.copyOf(h.groups())))
                .toList());
    Permissions permissions = Assembly.permissions(config, directory);

    List<String> wrong = new ArrayList<>();
    int checks = 0;
    for (Row r : EXPECTED) {
      String[] ids = r.who().split(" ");
      Caller caller =
          new Caller(
              Identity.parse(ids[0]),
              Arrays.stream(ids, 1, ids.length).map(Identity::parse).toList(),
              ids[0]);
      for (int h = 0; h < HOSTS.size(); h++) {
        Set<String> allowed =
            r.allowedByHost()[h].equals("-") ? Set.of() : Set.of(r.allowedByHost()[h].split(" "));
        for (String action : ACTIONS) {
          boolean expected = allowed.contains(action);
          Permissions.Decision d = permissions.check(caller, action, HOSTS.get(h));
          checks++;
          if (d.allowed() != expected) {
            wrong.add(
                r.who()
                    + " "
                    + action
                    + " "
                    + HOSTS.get(h)
                    + ": expected "
                    + (expected ? "allow" : "deny")
                    + ", was "
                    + d);
          }
          if (!d.allowed()) {
            assertThat(((Permissions.Decision.Denied) d).message())
                .as("a denial shows the caller's id")
                .contains(ids[0]);
          }
        }
      }
    }
    System.out.println(
        "[matrix] example configuration: "
            + EXPECTED.size()
            + " identities (slack, discord, teams, console) x "
            + ACTIONS.size()
            + " actions x "
            + HOSTS.size()
            + " hosts = "
            + checks
            + " checks, "
            + wrong.size()
            + " wrong");
    assertThat(wrong).isEmpty();
  }

  /** The environment the example names, as ExampleConfigTest gives it. */
  static final Map<String, String> ENV =
      Map.of(
          "IISBOT_SECRET", "5f1c9a0e7b3d42c8a6e19f0b2d7c4e8a9b1f3c5d7e9a0b2c4d6e8f0a1b3c5d7eserver",
          "SLACK_SIGNING_SECRET", "8f742231b10e8888abcd99yyyzzz85a5",
          "SLACK_APP_TOKEN", "xapp-1-A0123-456-abc",
          "SLACK_BOT_TOKEN", "xoxb-123-456-abc",
          "DISCORD_BOT_TOKEN", "MTIzNDU2Nzg5.discord.token",
          "IISBOT_KEY_WEB01",
              "5f1c9a0e7b3d42c8a6e19f0b2d7c4e8a9b1f3c5d7e9a0b2c4d6e8f0a1b3c5d7eweb01",
          "IISBOT_KEY_STAGING",
              "5f1c9a0e7b3d42c8a6e19f0b2d7c4e8a9b1f3c5d7e9a0b2c4d6e8f0a1b3c5d7estg",
          "F5_AUTHORIZATION", "Basic YWRtaW46YWRtaW4=");

  /** The shipped example, its two files pointed at temporary copies. */
  static Path example(Path dir) throws Exception {
    Files.writeString(
        dir.resolve("web02.secret"),
        "5f1c9a0e7b3d42c8a6e19f0b2d7c4e8a9b1f3c5d7e9a0b2c4d6e8f0a1b3c5d7eweb02\n");
    Files.writeString(dir.resolve("agents-ca.pem"), "-----BEGIN CERTIFICATE-----\n");
    String text =
        Files.readString(Path.of("..", "config", "examples", "iisbot.example.yaml"))
            .replace("/etc/iisbot/secrets/web02.secret", dir.resolve("web02.secret").toString())
            .replace("/etc/iisbot/agents-ca.pem", dir.resolve("agents-ca.pem").toString());
    return Files.writeString(dir.resolve("iisbot.yaml"), text);
  }
}
