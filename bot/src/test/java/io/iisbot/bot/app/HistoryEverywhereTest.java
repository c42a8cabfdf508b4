package io.iisbot.bot.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iisbot.adapters.discord.DiscordInteractions;
import io.iisbot.adapters.discord.DiscordStub;
import io.iisbot.adapters.slack.SlackRequests;
import io.iisbot.adapters.slack.SlackStub;
import io.iisbot.bot.store.AuditEntry;
import io.iisbot.bot.store.AuditEntry.Kind;
import io.iisbot.config.ConfigLoader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One history question asked on every platform of one bot: Slack's slash command, Discord's
 * interaction, the console's command line and the console's own {@code GET /api/history}. Over a
 * seeded audit trail each must answer with exactly the same rows in the same order, and those rows
 * must be the ones the filters pick, so a platform that drops a filter shows extra rows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class HistoryEverywhereTest {

  static final String SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
  static final String ALICE = "slack:UALICE";
  static final String BOB = "slack:UBOB";
  static final String OPERATOR = "discord:" + DiscordStub.OPERATOR_ID;

  /**
   * The seeded trail, oldest first, each entry known by its minute of 2026-01-05T09:MM. Most differ
   * from another in one field (user, host, action or outcome), so a dropped filter shows as an
   * extra row.
   */
  static final List<AuditEntry> SEEDED =
      List.of(
          entry(1, Kind.RESULT, "slack", ALICE, "web01", "stop", "failed"),
          entry(2, Kind.RESULT, "slack", ALICE, "web01", "stop", "succeeded"),
          entry(3, Kind.RESULT, "slack", BOB, "web01", "stop", "failed"),
          entry(4, Kind.RESULT, "slack", ALICE, "web02", "stop", "failed"),
          entry(5, Kind.RESULT, "slack", ALICE, "web01", "recycle", "failed"),
          entry(6, Kind.DENIAL, "slack", ALICE, "web01", "stop", "denied"),
          entry(7, Kind.RESULT, "slack", ALICE, "web01,web02", "stop", "failed"),
          entry(8, Kind.RESULT, "discord", OPERATOR, "web01", "stop", "failed"),
          entry(9, Kind.RESULT, "slack", BOB, "web01,web02", "start", "succeeded"),
          entry(10, Kind.REQUEST, "slack", ALICE, "web01", "stop", "prompted"),
          // Alice's own, from the console: the person counts, not the platform.
          entry(11, Kind.RESULT, "console", ALICE, "web01", "stop", "failed"),
          // Someone whose id starts like Alice's.
          entry(12, Kind.RESULT, "slack", "slack:UALICEX", "web01", "stop", "failed"),
          entry(13, Kind.DENIAL, "discord", OPERATOR, "web01,web02", "recycle", "denied"),
          entry(14, Kind.RESULT, "slack", BOB, "web02", "recycle", "succeeded"),
          entry(15, Kind.RESULT, "slack", ALICE, "web02", "start", "partially_succeeded"),
          entry(16, Kind.DENIAL, "discord", OPERATOR, "web02", "stop", "denied"),
          // Names no host: under no host's filter, shown only to readers of every host.
          entry(17, Kind.NOTICE, null, null, null, null, null));

  private static final Pattern SIGN_IN = Pattern.compile("signin\\?t=([A-Za-z0-9_-]+)");

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final SlackStub slack = new SlackStub();
  private final SlackRequests slackRequests = new SlackRequests(SIGNING_SECRET, Clock.systemUTC());
  private final DiscordStub discord = new DiscordStub();
  private final DiscordInteractions interactions = new DiscordInteractions();
  private BotApp app;
  private String cookie;
  private String csrf;

  /**
   * One history question, as each platform takes it.
   *
   * @param target hosts, or null for all
   * @param user the {@code --user} value as typed; {@code apiUser} is what the console's form takes
   */
  record Ask(
      String target, String user, String action, String outcome, Integer limit, String apiUser) {

    static Ask of(String target, String user, String action, String outcome, Integer limit) {
      return new Ask(target, user, action, outcome, limit, user);
    }

    @Override
    public String toString() {
      return text();
    }

    /** The command line after {@code /iis}. */
    String text() {
      StringJoiner b = new StringJoiner(" ").add("history");
      if (target != null) {
        b.add(target);
      }
      options().forEach((name, value) -> b.add("--" + name).add(value.toString()));
      return b.toString();
    }

    /** The options of Discord's {@code history} subcommand. */
    Map<String, Object> discordOptions() {
      Map<String, Object> o = new LinkedHashMap<>();
      if (target != null) {
        o.put("target", target);
      }
      o.putAll(options());
      return o;
    }

    /** The query of {@code GET /api/history}, whose host filter is one host name. */
    String query() {
      StringJoiner q = new StringJoiner("&");
      if (target != null) {
        q.add("host=" + target);
      }
      Map<String, Object> o = options();
      if (apiUser != null) {
        o.put("user", apiUser);
      }
      o.forEach(
          (name, value) ->
              q.add(name + "=" + URLEncoder.encode(value.toString(), StandardCharsets.UTF_8)));
      return q.toString();
    }

    private Map<String, Object> options() {
      Map<String, Object> o = new LinkedHashMap<>();
      if (user != null) {
        o.put("user", user);
      }
      if (action != null) {
        o.put("action", action);
      }
      if (outcome != null) {
        o.put("outcome", outcome);
      }
      if (limit != null) {
        o.put("limit", limit);
      }
      return o;
    }
  }

  static Stream<Arguments> questions() {
    return Stream.of(
        Arguments.of(Ask.of("web01", ALICE, "stop", "failed", null), List.of(11, 7, 1)),
        Arguments.of(Ask.of("web01", ALICE, "stop", "failed", 1), List.of(11)),
        Arguments.of(Ask.of("web02", null, null, "succeeded", null), List.of(14, 9)),
        Arguments.of(Ask.of("web02", ALICE, null, null, null), List.of(15, 7, 4)),
        Arguments.of(Ask.of(null, OPERATOR, null, "denied", null), List.of(16, 13)),
        Arguments.of(Ask.of(null, null, "recycle", null, null), List.of(14, 13, 5)),
        // Typed as chat and the console's form allow it: any case, a dash for the underscore.
        Arguments.of(Ask.of("WEB02", null, "START", "Partially-Succeeded", null), List.of(15)));
  }

  /**
   * A pasted mention stands for the person it mentions, the id's shape telling whose platform it
   * is; each is asked on Slack and on Discord alike.
   */
  static Stream<Arguments> mentions() {
    return Stream.of(
        Arguments.of(
            new Ask("web01", "<@UALICE>", "stop", "failed", null, ALICE), List.of(11, 7, 1)),
        Arguments.of(
            new Ask("web01", "<@UALICE|alice>", "stop", "failed", null, ALICE), List.of(11, 7, 1)),
        Arguments.of(
            new Ask(null, "<@" + DiscordStub.OPERATOR_ID + ">", null, "denied", null, OPERATOR),
            List.of(16, 13)),
        Arguments.of(
            new Ask(null, "<@!" + DiscordStub.OPERATOR_ID + ">", null, "denied", null, OPERATOR),
            List.of(16, 13)));
  }

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    // Alice on Slack and the operator on Discord may read every host's history. On the console
    // Alice is her Slack identity, signed in with the link /iis console gave her in Slack.
    Path file =
        Files.writeString(
            dir.resolve("iisbot.yaml"),
            """
            server: {port: 0, bind: 127.0.0.1, dataDir: "%s", secretEnv: BOT_SECRET}
            console: {enabled: true}
            slack:
              signingSecretEnv: SLACK_SIGNING_SECRET
              botTokenEnv: SLACK_BOT_TOKEN
              apiUrl: "%s"
            discord:
              botTokenEnv: DISCORD_BOT_TOKEN
              applicationId: "%s"
              publicKey: %s
              guildId: "%s"
              apiUrl: %s
            hosts:
              - {name: web01, agent: "http://127.0.0.1:9", keyId: bot, secretEnv: BOT_SECRET}
              - {name: web02, agent: "http://127.0.0.1:9", keyId: bot, secretEnv: BOT_SECRET}
            roles:
              - name: readers
                members: ["%s", "%s"]
                allow: [{actions: [history, console], hosts: ["*"]}]
            """
                .formatted(
                    dir.resolve("data").toString().replace("\\", "/"),
                    slack.apiUrl(),
                    DiscordStub.APPLICATION_ID,
                    discord.signer().publicKeyHex(),
                    DiscordStub.GUILD_ID,
                    discord.restUrl(),
                    ALICE,
                    OPERATOR));
    app =
        BotApp.start(
            ConfigLoader.load(
                file,
                Map.of(
                    "BOT_SECRET", "history-test-bot-secret-0123456789ab",
                    "SLACK_SIGNING_SECRET", SIGNING_SECRET,
                    "SLACK_BOT_TOKEN", "xoxb-test-token",
                    "DISCORD_BOT_TOKEN", "test-token")),
            Map.of(),
            Clock.systemUTC());
    SEEDED.forEach(app.store()::record);
    signInToTheConsole();
  }

  @AfterAll
  void stop() {
    if (app != null) {
      app.close();
    }
    discord.close();
    slack.close();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("questions")
  void history_sameQuestion_sameRowsOnEveryPlatform(Ask ask, List<Integer> expected)
      throws Exception {
    List<String> slackRows = slack(ask.text());
    List<String> discordRows = discord(ask.discordOptions());
    List<String> consoleRows = consoleCommand(ask.text());
    List<String> apiRows = consoleApi(ask.query());

    assertThat(minutes(slackRows)).as("Slack: %s", slackRows).isEqualTo(expected);
    assertThat(discordRows).as("Discord").isEqualTo(slackRows);
    assertThat(consoleRows).as("console command").isEqualTo(slackRows);
    assertThat(apiRows).as("GET /api/history?" + ask.query()).isEqualTo(slackRows);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mentions")
  void history_pastedMention_findsThatPersonsRows(Ask ask, List<Integer> expected)
      throws Exception {
    List<String> slackRows = slack(ask.text());
    List<String> discordRows = discord(ask.discordOptions());

    assertThat(minutes(slackRows)).as("Slack: %s", slackRows).isEqualTo(expected);
    assertThat(discordRows).as("Discord").isEqualTo(slackRows);
    assertThat(consoleApi(ask.query())).as("GET /api/history").isEqualTo(slackRows);
  }

  @Test
  void history_unfiltered_showsEverySeededRow_newestFirst() throws Exception {
    List<String> rows = slack("history --limit 200");

    assertThat(minutes(rows))
        .containsSubsequence(17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1);
    assertThat(discord(Map.of("limit", 200))).isEqualTo(rows);
    assertThat(consoleApi("limit=200")).isEqualTo(rows);
  }

  // --- Slack ---------------------------------------------------------------------------------

  /** The rows of the ephemeral answer Slack shows, read from its blocks. */
  private List<String> slack(String text) throws Exception {
    HttpResponse<String> r =
        slackRequests
            .slashCommand("/iis", text, "UALICE", "C1", slack.responseUrl("history"))
            .postTo(URI.create(app.uri() + "/slack/events"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode body = json.readTree(r.body());
    assertThat(body.path("response_type").asText()).as(r.body()).isEqualTo("ephemeral");
    assertThat(body.at("/blocks/0/text/text").asText()).as(r.body()).isEqualTo("History");
    List<String> lines = new ArrayList<>();
    for (JsonNode block : body.get("blocks")) {
      if (block.path("type").asText().equals("section")) {
        lines.addAll(List.of(block.at("/text/text").asText().split("\n")));
      }
    }
    return rows(lines);
  }

  // --- Discord -------------------------------------------------------------------------------

  /** The rows of the ephemeral embed Discord shows, its markdown escapes read as Discord does. */
  private List<String> discord(Map<String, Object> options) throws Exception {
    String interaction =
        interactions.command(
            DiscordStub.GUILD_ID,
            DiscordStub.CHANNEL_ID,
            DiscordStub.OPERATOR_ID,
            List.of(),
            "iis",
            "history",
            options);
    discord.remember(interaction);
    HttpResponse<String> r =
        discord.signer().postTo(URI.create(app.uri() + "/discord/interactions"), interaction);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode body = json.readTree(r.body());
    assertThat(body.path("type").asInt()).as(r.body()).isEqualTo(4);
    assertThat(body.at("/data/flags").asInt()).as(r.body()).isEqualTo(64);
    JsonNode embed = body.at("/data/embeds/0");
    assertThat(embed.path("title").asText()).as(r.body()).isEqualTo("History");
    String shown = embed.path("description").asText().replaceAll("\\\\(\\p{Punct})", "$1");
    return rows(List.of(shown.split("\n")));
  }

  // --- Console -------------------------------------------------------------------------------

  /** Asks {@code /iis console} in Slack and signs in with the link it answers. */
  private void signInToTheConsole() throws Exception {
    HttpResponse<String> link =
        slackRequests
            .slashCommand("/iis", "console", "UALICE", "C1", slack.responseUrl("console"))
            .postTo(URI.create(app.uri() + "/slack/events"));
    Matcher token = SIGN_IN.matcher(json.readTree(link.body()).path("text").asText());
    assertThat(token.find()).as(link.body()).isTrue();
    HttpResponse<String> signedIn =
        send(
            request("/console/signin")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("t=" + token.group(1))));
    assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(303);
    String set = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
    cookie = set.substring(0, set.indexOf(';'));
    JsonNode session =
        json.readTree(send(request("/api/session").header("Cookie", cookie).GET()).body());
    assertThat(session.path("user").asText()).isEqualTo(ALICE);
    csrf = session.path("csrf").asText();
  }

  /** The rows of the console's answer to a typed command. */
  private List<String> consoleCommand(String text) throws Exception {
    HttpResponse<String> r =
        send(
            request("/api/commands")
                .header("Content-Type", "application/json")
                .header("Cookie", cookie)
                .header("X-CSRF-Token", csrf)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        json.writeValueAsString(Map.of("text", "/iis " + text)))));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode message = json.readTree(r.body()).at("/messages/0");
    assertThat(message.path("title").asText()).as(r.body()).isEqualTo("History");
    List<String> lines = new ArrayList<>();
    message.path("lines").forEach(l -> lines.add(l.asText()));
    return rows(lines);
  }

  /** The console's history table, each entry written as chat writes a row. */
  private List<String> consoleApi(String query) throws Exception {
    HttpResponse<String> r = send(request("/api/history?" + query).header("Cookie", cookie).GET());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<String> rows = new ArrayList<>();
    for (JsonNode e : json.readTree(r.body()).get("entries")) {
      rows.add(
          e.path("at").asText()
              + " "
              + e.path("kind").asText()
              + " "
              + e.path("user").asText()
              + " "
              + e.path("action").asText()
              + " "
              + e.path("host").asText()
              + (e.has("outcome") ? " → " + e.path("outcome").asText() : ""));
    }
    return rows;
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(app.uri() + path)).timeout(Duration.ofSeconds(10));
  }

  private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  // --- the seeded trail ----------------------------------------------------------------------

  private static AuditEntry entry(
      int minute,
      Kind kind,
      String platform,
      String user,
      String host,
      String action,
      String outcome) {
    return new AuditEntry(
        0, at(minute), kind, platform, user, host, action, null, null, outcome, "seeded");
  }

  private static Instant at(int minute) {
    return Instant.parse("2026-01-05T09:00:00Z").plus(Duration.ofMinutes(minute));
  }

  /** The answer's rows; "nothing recorded yet" is none. */
  private static List<String> rows(List<String> lines) {
    return lines.equals(List.of("nothing recorded yet")) ? List.of() : List.copyOf(lines);
  }

  /** Each row's seeded minute, or -1 for a row the bot wrote itself. */
  private static List<Integer> minutes(List<String> rows) {
    List<Integer> out = new ArrayList<>();
    for (String row : rows) {
      Instant when = Instant.parse(row.substring(0, row.indexOf(' ')));
      int minute = (int) Duration.between(at(0), when).toMinutes();
      boolean seeded = SEEDED.stream().anyMatch(e -> e.at().equals(when));
      out.add(seeded ? minute : -1);
    }
    return out;
  }
}
