package io.iisbot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iisbot.iis.logging.LogFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ConfigLoaderTest {

  private static final String SECRET = ExampleConfigTest.SECRET;

  /** The smallest useful file: the secret, one host. */
  private static final String MINIMAL =
      """
      server: {secretEnv: S}
      hosts:
        - {name: web01, agent: "https://web01:9701", keyId: bot, secretEnv: K}
      """;

  private static final Map<String, String> ENV = Map.of("S", SECRET, "K", SECRET);

  @TempDir Path dir;

  private static List<String> problems(String yaml, Map<String, String> env) {
    try {
      ConfigLoader.parse(yaml, "iisbot.yaml", env);
    } catch (ConfigException e) {
      return e.problems();
    }
    throw new AssertionError("expected problems, the file loaded");
  }

  @Test
  void load_manyMistakes_reportsEveryProblemInOrder() {
    String yaml =
        """
        server:
          prot: 8080
          port: eighty
          secret: hunter2
          secretEnv: SHORT
          publicUrl: iisbot.example.com
        store:
          type: postgres
          url: postgresql://db/iisbot
          passwordEnv: PGPASS
        slack:
          botTokenEnv: SLACK_APP
          command: iis
          teamId: t-lower
        console:
          sessionTtl: forever
        groups:
          web: Web servers
          Prod: bad name
        hosts:
          - name: web01
            agent: https://web01:9701
            keyId: bot
            secretEnv: KEY
            groups: [web, db]
          - name: web01
            agent: https://web02:9701
            keyId: bot
            secretEnv: KEY
          - name: web03
            agent: web03:8443
            keyId: bot key
            secretFile: /no/such/file
            environment: ${ENVIRONMENT}
          - just-a-string
        roles:
          - name: oncall
            members: [slack:U024BE7LH, alice, discord:80351110224678912]
            allow:
              - actions: [stop, restart]
                hosts: ["@db", "web0*"]
          - name: oncall
            members: slack:U1
            allow: []
        policies:
          - name: prod
            actions: ["*"]
            hosts: ["@prod"]
            secondApprover: maybe
            confirmTimeout: 1h
            maxBatch: 0
            requireReason: always
        announce:
          - platform: mattermost
            channel: x
          - platform: discord
            channel: "123"
        """;
    Map<String, String> env =
        Map.of("SHORT", "short", "PGPASS", "pw", "SLACK_APP", "xapp-1", "KEY", SECRET);

    assertThat(problems(yaml, env))
        .containsExactly(
            "hosts[2].environment: environment variable ENVIRONMENT is not set",
            "server.prot: unknown key (known here: port, bind, dataDir, publicUrl, secretEnv,"
                + " secretFile, metrics, metricsTokenEnv, metricsTokenFile)",
            "server.secret: secrets never live in this file; use secretEnv (an environment"
                + " variable) or secretFile (a file)",
            "server.port: must be a whole number, was \"eighty\"",
            "server.publicUrl: not an http(s) URL: \"iisbot.example.com\"",
            "server.secretEnv: the secret is 5 bytes; at least 32 are needed: make one with"
                + " `openssl rand -hex 32`",
            "store.url: must be jdbc:postgresql://host:port/database, was"
                + " \"postgresql://db/iisbot\"",
            "store: needs user, userEnv or userFile",
            "slack.botTokenEnv: does not hold a bot token (xoxb-…)",
            "slack: needs signingSecretEnv/File (events over HTTP) or appTokenEnv/File (Socket"
                + " Mode)",
            "slack.command: must be / and up to 31 of a-z 0-9 _ -, was \"iis\"",
            "slack.teamId: must be a Slack id such as T0123ABCD, was \"t-lower\"",
            "console.sessionTtl: \"forever\" is not a duration; write e.g. 90s, 1.5s, 2m, 1h30m",
            "groups.Prod: must be 1-63 of a-z 0-9 -, was \"Prod\"",
            "hosts[0].groups[1]: unknown group \"db\" (groups: web)",
            "hosts[1].name: \"web01\" is used twice",
            "hosts[2].agent: not a URL: \"web03:8443\"",
            "hosts[2].keyId: must be 1-64 of A-Z a-z 0-9 . _ -, was \"bot key\"",
            "hosts[2].secretFile: cannot read /no/such/file",
            "hosts[3]: must be a mapping of keys to values, was \"just-a-string\"",
            "roles[0].members[1]: not an identity: \"alice\" (use slack:U…, slack-group:S…,"
                + " discord:<id>, discord-role:<id>, console:<name>, teams:<user object id>,"
                + " teams-team:19:…@thread.tacv2, teams-channel:19:… or person:<name>)",
            "roles[0].allow[0].hosts[0]: unknown group \"@db\" (groups: web)",
            "roles[1].name: \"oncall\" is used twice",
            "roles[1].members: must be a list, was \"slack:U1\"",
            "policies[0].hosts[0]: unknown group \"@prod\" (groups: web)",
            "policies[0].secondApprover: must be true or false, was \"maybe\"",
            "policies[0].requireReason: must be true or false, was \"always\"",
            "policies[0].confirmTimeout: must be between 10s and 15m, was 1h",
            "policies[0].maxBatch: must be at least 1, was 0",
            "announce[0].platform: must be slack, discord or teams, was \"mattermost\"",
            "announce[1].platform: discord is not configured (no discord section)");
  }

  @Test
  void load_minimalFile_appliesDefaults() throws Exception {
    Path file = Files.writeString(dir.resolve("iisbot.yaml"), MINIMAL);

    BotConfig c = ConfigLoader.load(file, ENV);

    assertThat(c.server().port()).isEqualTo(8080);
    assertThat(c.server().bind()).isEqualTo("0.0.0.0");
    assertThat(c.server().dataDir()).isEqualTo(Path.of("./data"));
    assertThat(c.server().publicUrl()).isEmpty();
    assertThat(c.store()).isEqualTo(new BotConfig.Sqlite(Path.of("./data/iisbot.db")));
    assertThat(c.slack()).isEmpty();
    assertThat(c.discord()).isEmpty();
    assertThat(c.console().enabled()).isTrue();
    assertThat(c.console().sessionTtl()).hasHours(12);
    assertThat(c.roles()).isEmpty();
    assertThat(c.policies()).isEmpty();
    assertThat(c.announce()).isEmpty();
    assertThat(c.logging().format()).isEqualTo(LogFormat.TEXT);
    assertThat(c.timeZone()).isEqualTo(java.time.ZoneId.of("UTC"));
    assertThat(c.demo()).isFalse();
  }

  @Test
  void parse_loggingFormatJson_isRead() {
    BotConfig c = ConfigLoader.parse(MINIMAL + "logging: {format: json}\n", "iisbot.yaml", ENV);

    assertThat(c.logging().format()).isEqualTo(LogFormat.JSON);
  }

  @Test
  void parse_loggingMistakes_areNamedWithTheirPath() {
    assertThat(problems(MINIMAL + "logging: {format: xml, level: debug}\n", ENV))
        .containsExactly(
            "logging.level: unknown key (known here: format)",
            "logging.format: must be text or json, was \"xml\"");
    assertThat(problems(MINIMAL + "logging: json\n", ENV))
        .containsExactly("logging: must be a mapping of keys to values, was \"json\"");
  }

  @Test
  void parse_timeZone_isRead() {
    BotConfig c = ConfigLoader.parse(MINIMAL + "timeZone: Europe/Paris\n", "iisbot.yaml", ENV);

    assertThat(c.timeZone()).isEqualTo(java.time.ZoneId.of("Europe/Paris"));
  }

  @Test
  void parse_unknownTimeZone_namesTheKeyAndTheValue() {
    assertThat(problems(MINIMAL + "timeZone: Mars/Olympus\n", ENV))
        .containsExactly(
            "timeZone: not a time zone: \"Mars/Olympus\" (a region such as Europe/Paris or"
                + " America/New_York, or UTC, +02:00)");
  }

  @Test
  void load_missingFile_isOneProblem() {
    Path file = dir.resolve("nope.yaml");

    assertThatThrownBy(() -> ConfigLoader.load(file, ENV))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(file + ": cannot read");
  }

  @Test
  void parse_emptyFile_says() {
    assertThat(problems("# nothing\n", ENV)).containsExactly("iisbot.yaml: the file is empty");
  }

  @Test
  void parse_brokenYaml_namesTheLine() {
    assertThat(problems("server:\n  port: [8080\nhosts: x\n", ENV))
        .singleElement()
        .asString()
        .startsWith("iisbot.yaml: not valid YAML: ")
        .contains("(line ");
  }

  @Test
  void parse_duplicateKey_isRefused() {
    assertThat(problems("server: {secretEnv: S}\nserver: {port: 1}\n", ENV))
        .singleElement()
        .asString()
        .startsWith("iisbot.yaml: not valid YAML: Duplicate field 'server'");
  }

  @Test
  void parse_listAtTheTop_isRefused() {
    assertThat(problems("- a\n- b\n", ENV))
        .containsExactly("iisbot.yaml: must be a mapping of sections (server, hosts, roles, ...)");
  }

  @Test
  void parse_unknownSectionAndNoHosts_areNamed() {
    assertThat(problems("server: {secretEnv: S}\nhost: []\n", ENV))
        .containsExactly(
            "host: unknown key (known here: server, store, slack, discord, teams, console, groups, hosts,"
                + " people, roles, policies, announce, logging,"
                + " timeZone, loadBalancers)",
            "hosts: at least one host is needed");
  }

  @Test
  void parse_envReferenceInNumber_isTyped() {
    String yaml = MINIMAL.replace("secretEnv: S}", "secretEnv: S, port: \"${PORT:-9000}\"}");

    BotConfig c = ConfigLoader.parse(yaml, "iisbot.yaml", ENV);

    assertThat(c.server().port()).isEqualTo(9000);
  }

  @Test
  void parse_missingVariable_isReportedOnceWithItsPath() {
    String yaml = MINIMAL.replace("secretEnv: S}", "secretEnv: S, port: \"${PORT}\"}");

    assertThat(problems(yaml, ENV))
        .containsExactly("server.port: environment variable PORT is not set");
  }

  @Test
  void parse_secretFromFile_isTrimmed() throws Exception {
    Path secret = Files.writeString(dir.resolve("s"), SECRET + "\r\n");
    String yaml = MINIMAL.replace("secretEnv: S}", "secretFile: '" + secret + "'}");

    BotConfig c = ConfigLoader.parse(yaml, "iisbot.yaml", ENV);

    assertThat(c.server().secret().text()).isEqualTo(SECRET);
  }

  @Test
  void parse_secretTwiceOrNever_isNamed() {
    String yaml =
        """
        server: {}
        hosts:
          - {name: web01, agent: "https://web01:9701", keyId: bot, secretEnv: K, secretFile: f}
        """;

    assertThat(problems(yaml, ENV))
        .containsExactly(
            "server: needs secretEnv or secretFile (secrets never live in this file)",
            "hosts[0]: give secretEnv or secretFile, not both");
  }

  @Test
  void finding12_weakSecret_isRefusedWithHowToMakeOne() throws Exception {
    Path weakFile = Files.writeString(dir.resolve("weak"), "abcd".repeat(10) + "\n");
    String yaml =
        """
        server: {secretEnv: S}
        hosts:
          - {name: web01, agent: "https://web01:9701", keyId: bot, secretEnv: K}
          - {name: web02, agent: "https://web02:9701", keyId: bot, secretFile: "%s"}
        """
            .formatted(weakFile.toString().replace("\\", "/"));
    String weak =
        "the secret is too easy to guess: it repeats a short pattern or uses only a few"
            + " different characters; make one with `openssl rand -hex 32`";

    assertThat(problems(yaml, Map.of("S", "a".repeat(32), "K", "0".repeat(64))))
        .containsExactly(
            "server.secretEnv: " + weak,
            "hosts[0].secretEnv: " + weak,
            "hosts[1].secretFile: " + weak);
  }

  @Test
  void strongSecrets_openSslHexAndBase64_areAccepted() {
    String base64 = "q1Zr0yJ4mD2vX8sK5nT7wB3cE6fH9gL0pA4uR1iO2jM=";

    assertThat(ConfigLoader.parse(MINIMAL, "iisbot.yaml", Map.of("S", SECRET, "K", base64)).hosts())
        .hasSize(1);
  }

  @Test
  void parse_postgres_readsUserAndPassword() {
    String yaml =
        MINIMAL
            + """
            store:
              type: postgres
              url: jdbc:postgresql://db.example.com:5432/iisbot
              user: iisbot
              passwordFile: "%s"
            """;
    BotConfig c =
        ConfigLoader.parse(yaml.formatted(writeQuietly("pw", "s3cret\n")), "iisbot.yaml", ENV);

    assertThat(c.store())
        .isEqualTo(
            new BotConfig.Postgres(
                "jdbc:postgresql://db.example.com:5432/iisbot", "iisbot", Secret.of("s3cret")));
  }

  @Test
  void parse_sqlitePathWithPostgresKeys_isNamed() {
    String yaml = MINIMAL + "store: {type: sqlite, url: \"jdbc:postgresql://db/x\"}\n";

    assertThat(problems(yaml, ENV)).containsExactly("store.url: only for type postgres");
  }

  @Test
  void parse_consoleOffWithoutChat_isRefused() {
    String yaml = MINIMAL + "console: {enabled: false}\n";

    assertThat(problems(yaml, ENV))
        .containsExactly(
            "console.enabled: nothing to talk on: enable the console or configure slack, discord"
                + " or teams");
  }

  private String writeQuietly(String name, String content) {
    try {
      return Files.writeString(dir.resolve(name), content).toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void people_mistakes_areNamedWithTheirPath() {
    String yaml =
        MINIMAL
            + """
            people:
              - {name: alice, ids: [slack:U1A, discord:111]}
              - {name: alice, ids: [slack:U2B]}
              - {name: bob, ids: [slack-group:S1, discord:111]}
              - {name: carol, ids: []}
            roles:
              - {name: r, members: [person:alice, person:dave], allow: [{actions: [stop], hosts: ["*"]}]}
            """;

    assertThat(problems(yaml, ENV))
        .containsExactly(
            "people[1].name: \"alice\" is used twice",
            "people[2].ids[0]: not a person's account: \"slack-group:S1\" (use slack:U…,"
                + " discord:<id>, teams:<user object id> or console:<name>; groups and roles are"
                + " not people)",
            "people[2].ids[1]: \"discord:111\" is already alice's: an account belongs to one"
                + " person",
            "people[3].ids: at least one account is needed (slack:U…, discord:<id>,"
                + " teams:<user object id>, console:<name>)",
            "roles[0].members[1]: no person \"dave\" in people");
  }

  @Test
  void people_andRolesNamingThem_load() {
    String yaml =
        MINIMAL
            + """
            people:
              - {name: alice, ids: [slack:U1A, discord:111, console:alice]}
            roles:
              - {name: r, members: [person:alice], allow: [{actions: [stop], hosts: ["*"]}]}
            """;

    BotConfig c = ConfigLoader.parse(yaml, "iisbot.yaml", ENV);

    assertThat(c.people())
        .containsExactly(new Person("alice", List.of("slack:U1A", "discord:111", "console:alice")));
    assertThat(c.roles().get(0).members()).containsExactly("person:alice");
  }

  @Test
  void actions_areWordsInAnyCase_andOnlyTheBotsCommandsKnowWhichExist() {
    String yaml =
        MINIMAL
            + """
            roles:
              - {name: r, members: [slack:U024BE7LH], allow: [{actions: [STOP, restart], hosts: ["*"]}]}
            policies:
              - {name: p, actions: [stop, "re start"], hosts: ["*"], secondApprover: true}
            """;
    assertThat(problems(yaml, ENV))
        .containsExactly(
            "policies[0].actions[1]: not an action: \"re start\" (a command such as stop or"
                + " status, in letters, or *)");

    BotConfig c = ConfigLoader.parse(yaml.replace("\"re start\"", "Stop"), "iisbot.yaml", ENV);

    assertThat(c.roles().get(0).allow().get(0).actions())
        .containsExactlyInAnyOrder("stop", "restart");
    assertThat(c.roles().get(0).allows("Stop", c.hosts().get(0))).isTrue();
    assertThatThrownBy(
            () -> c.requireKnownActions(new java.util.LinkedHashSet<>(List.of("stop", "status"))))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "roles[0].allow[0].actions: unknown action \"restart\" (stop, status, or"
                            + " *)"));
  }
}
