package io.iisbot.bot.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iisbot.adapters.chat.Caller;
import io.iisbot.adapters.chat.Identity;
import io.iisbot.adapters.chat.LocalChat;
import io.iisbot.adapters.discord.DiscordInteractions;
import io.iisbot.adapters.discord.DiscordStub;
import io.iisbot.adapters.slack.SlackRequests;
import io.iisbot.adapters.slack.SlackStub;
import io.iisbot.adapters.teams.TeamsActivities;
import io.iisbot.adapters.teams.TeamsKeys;
import io.iisbot.adapters.teams.TeamsStub;
import io.iisbot.bot.app.BotApp;
import io.iisbot.bot.fleet.LoopbackAgents;
import io.iisbot.bot.store.AuditEntry;
import io.iisbot.bot.store.HistoryQuery;
import io.iisbot.config.ConfigLoader;
import io.iisbot.iis.sim.Scenarios;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Hostile input against every route of the bot that takes input from outside: {@code
 * /slack/events}, {@code /discord/interactions}, {@code /teams/messages} and the console's routes,
 * each with {@value #CASES} cases made from real payloads (the shared fixtures and payloads as the
 * platforms send them), correctly signed so that they reach the parsers, and unsigned, badly
 * signed, of the wrong type, invalid UTF-8, deeply nested, huge or slow. Nothing may answer 5xx or
 * show a stack trace, no operation may start, and the heap after a collection stays where it was.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class BotFuzzTest {

  /** Cases per route; {@code -Diisbot.fuzz.cases=100000} for a longer run. */
  static final int CASES = Integer.getInteger("iisbot.fuzz.cases", 10_000);

  static final int THREADS = 4;

  /** What the heap may grow by over one route's cases (caches of recent deliveries included). */
  static final long HEAP_BOUND = 24L * 1024 * 1024;

  static final String SIGNING_SECRET = "fuzz-slack-signing-secret-0123456789";
  static final String BOT_SECRET = "fuzz-bot-secret-0123456789abcdef-xyz";
  static final String FIXTURES = "/fixtures/chat/";

  private final ObjectMapper json = new ObjectMapper();
  private final SlackStub slack = new SlackStub();
  private final DiscordStub discord = new DiscordStub();
  private final DiscordInteractions interactions = new DiscordInteractions();
  private final TeamsStub teams = new TeamsStub();
  private final LocalChat chat = new LocalChat("memory", null);
  private final LoopbackAgents fleet =
      new LoopbackAgents(Instant.now())
          .add("web01", Scenarios.named("healthy"))
          .add("web02", Scenarios.named("healthy"));
  private KeyPair discordKeys;
  private Path dir;
  private BotApp app;
  private URI base;
  private String cookie;
  private String csrf;
  private String promptId;
  private String before;

  @BeforeAll
  void start() throws Exception {
    dir = Files.createTempDirectory("iisbot-fuzz");
    KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
    discordKeys = g.generateKeyPair();
    byte[] x509 = discordKeys.getPublic().getEncoded();
    String publicKey =
        HexFormat.of().formatHex(Arrays.copyOfRange(x509, x509.length - 32, x509.length));
    Path file =
        Files.writeString(
            dir.resolve("iisbot.yaml"),
            """
            server: {port: 0, bind: 127.0.0.1, dataDir: "%s", secretEnv: BOT_SECRET}
            console: {enabled: true, sessionTtl: 1h}
            slack:
              signingSecretEnv: SLACK_SIGNING_SECRET
              botTokenEnv: SLACK_BOT_TOKEN
              apiUrl: %s
            discord:
              botTokenEnv: DISCORD_BOT_TOKEN
              applicationId: "%s"
              publicKey: %s
              guildId: "%s"
              apiUrl: %s
            teams:
              appId: %s
              appPasswordEnv: TEAMS_APP_PASSWORD
              tenantId: %s
              openIdMetadataUrl: %s
              tokenUrl: "%s"
              serviceUrl: %s
            hosts:
              - {name: web01, agent: "%s", keyId: bot, secretEnv: AGENT_SECRET}
              - {name: web02, agent: "%s", keyId: bot, secretEnv: AGENT_SECRET}
            roles:
              - name: oncall
                members: ["slack-group:SONCALL", "discord-role:%s", "teams-team:%s"]
                allow: [{actions: ["*"], hosts: ["*"]}]
            """
                .formatted(
                    dir.resolve("data").toString().replace("\\", "/"),
                    slack.apiUrl(),
                    DiscordStub.APPLICATION_ID,
                    publicKey,
                    DiscordStub.GUILD_ID,
                    discord.restUrl(),
                    TeamsStub.APP_ID,
                    TeamsStub.TENANT_ID,
                    teams.openIdUrl(),
                    teams.tokenUrl(),
                    teams.serviceUrl(),
                    fleet.agents.get("web01").uri(),
                    fleet.agents.get("web02").uri(),
                    DiscordStub.ONCALL_ROLE_ID,
                    TeamsStub.TEAM_ID));
    slack.groupMembers("SONCALL", "UALICE");
    app =
        BotApp.start(
            ConfigLoader.load(
                file,
                Map.of(
                    "BOT_SECRET",
                    BOT_SECRET,
                    "AGENT_SECRET",
                    new String(LoopbackAgents.SECRET, StandardCharsets.UTF_8),
                    "SLACK_SIGNING_SECRET",
                    SIGNING_SECRET,
                    "SLACK_BOT_TOKEN",
                    "xoxb-fuzz",
                    "DISCORD_BOT_TOKEN",
                    "fuzz-discord-token",
                    "TEAMS_APP_PASSWORD",
                    TeamsStub.APP_PASSWORD)),
            Map.of(chat.platform(), chat),
            Clock.systemUTC());
    chat.connect(app.bot());
    base = URI.create(app.uri());
    signInToConsole();
    before = hostStates();
  }

  @AfterAll
  void stop() throws Exception {
    if (app != null) {
      app.close();
    }
    fleet.close();
    slack.close();
    discord.close();
    teams.close();
  }

  // ---- the routes -----------------------------------------------------------------------------

  @Test
  void slackEvents_hostileInput_neverFailsOrRuns() throws Exception {
    SlackRequests requests = new SlackRequests(SIGNING_SECRET, Clock.systemUTC());
    List<String> slackForms = new ArrayList<>();
    for (String text :
        List.of(
            "status web01",
            "stop web01",
            "recycle web01 pool:DefaultAppPool",
            "stop web0* site:\"Default Web Site\" --drain 30s --reason \"x\"",
            "help",
            "history web01",
            "windows")) {
      slackForms.add(
          requests
              .slashCommand("/iis", text, "UALICE", "C1", slack.responseUrl("f"))
              .body()
              .replaceAll("trigger_id=[^&]*", "trigger_id=FUZZID"));
    }
    slackForms.add(
        requests
            .blockAction(
                "UALICE",
                "C1",
                "1700000000.000100",
                "confirm",
                forgedToken(),
                slack.responseUrl("f"))
            .body());
    slackForms.add(
        fixture("slack/slash-command-body-bolt-test.txt")
            .strip()
            .replace("https://hooks.slack.com/commands/1234/5678", slack.responseUrl("f"))
            .replaceAll("trigger_id=[^&]*", "trigger_id=FUZZID"));
    slackForms.add(
        "payload="
            + URLEncoder.encode(
                fixture("slack/block-actions-payload.json")
                    .replace("https://hooks.slack.com/", slack.responseUrl("f") + "/"),
                StandardCharsets.UTF_8));
    List<String> jsons =
        List.of(
            json.readTree(fixture("slack/socket-mode-envelope-events-api.json"))
                .path("payload")
                .toString(),
            "{\"type\":\"url_verification\",\"token\":\"x\",\"challenge\":\"abc\"}");
    Map<String, String> slackHead = slackHeaders(new byte[0]);
    slackHead.put("Content-Type", "application/x-www-form-urlencoded");
    var bodies = hugeAndSlowMeanwhile("/slack/events", slackHead);
    Fuzz.Report r =
        fuzz(
            "/slack/events",
            (m, i) -> {
              // Each case its own delivery: the same trigger id or action_ts would be dropped as
              // a repeat before it reached the parsers that matter.
              List<String> forms = new ArrayList<>();
              slackForms.forEach(f -> forms.add(f.replace("FUZZID", "1" + i + ".fuzz")));
              int kind = m.nextInt(100);
              byte[] body;
              String type = "application/x-www-form-urlencoded";
              if (kind < 45) {
                body = utf8(m.form(m.pick(forms)));
              } else if (kind < 55) {
                type = "application/json";
                body = utf8(m.json(m.pick(jsons)));
              } else if (kind < 65) {
                body = m.bytes(utf8(m.pick(m.nextInt(4) == 0 ? jsons : forms)));
              } else if (kind < 70) {
                body = m.withInvalidUtf8(utf8(m.pick(forms)));
              } else if (kind < 74) {
                body = m.deepJson(10 + m.nextInt(20_000));
                type = m.nextInt(2) == 0 ? "application/json" : type;
                if (type.startsWith("application/x")) {
                  body = Mutator.concat(utf8("payload="), body);
                }
              } else if (kind < 77) {
                body = m.garbage();
              } else if (kind < 87) {
                body = utf8(m.form(m.pick(forms)));
                return new Fuzz.Case("POST", "/slack/events", type, body, badSlackHeaders(m, body));
              } else if (kind < 95) {
                body = utf8(m.pick(forms));
                type = wrongType(m);
              } else {
                body = utf8(m.form(m.pick(forms)));
                Map<String, String> h = slackHeaders(body);
                h.put(
                    "X-Slack-Retry-Num",
                    m.hostile().replaceAll("[\\p{Cntrl}\\x{80}-\\x{10FFFF}]", ""));
                h.put("X-Slack-Retry-Reason", "http_timeout");
                return new Fuzz.Case("POST", "/slack/events", type, body, h);
              }
              return new Fuzz.Case("POST", "/slack/events", type, body, slackHeaders(body));
            },
            () -> slack.reset());
    assertBodies("/slack/events", bodies);
    assertClean(r);
  }

  @Test
  void discordInteractions_hostileInput_neverFailsOrRuns() throws Exception {
    List<String> discordSeeds = new ArrayList<>();
    for (String f :
        List.of(
            "djs-test-application-command.json",
            "djs-test-autocomplete.json",
            "djs-test-message-component.json",
            "djs-test-ping.json",
            "slash-command-interaction.json")) {
      discordSeeds.add(json.readTree(fixture("discord/" + f)).toString());
    }
    List<String> oncall = List.of(DiscordStub.ONCALL_ROLE_ID);
    String ch = DiscordStub.CHANNEL_ID;
    String user = DiscordStub.OPERATOR_ID;
    String guild = DiscordStub.GUILD_ID;
    discordSeeds.add(
        interactions.command(guild, ch, user, oncall, "iis", "status", Map.of("target", "web01")));
    discordSeeds.add(
        interactions.command(guild, ch, user, oncall, "iis", "stop", Map.of("target", "web01")));
    discordSeeds.add(
        interactions.command(
            guild,
            ch,
            user,
            oncall,
            "iis",
            "recycle",
            Map.of("target", "web01", "pool", "DefaultAppPool")));
    discordSeeds.add(
        interactions.autocomplete(
            guild, ch, user, oncall, "iis", "stop", Map.of("target", "web"), "target"));
    discordSeeds.add(
        interactions.button(guild, ch, user, oncall, "1301000000000009999", "c:" + forgedToken()));
    discordSeeds.add(interactions.ping());
    Map<String, String> discordHead = discordHeaders(new byte[0]);
    discordHead.put("Content-Type", "application/json");
    var bodies = hugeAndSlowMeanwhile("/discord/interactions", discordHead);
    Fuzz.Report r =
        fuzz(
            "/discord/interactions",
            (m, i) -> {
              // Each case its own interaction: a repeated id is answered before it is parsed.
              List<String> seeds = new ArrayList<>();
              for (String seed : discordSeeds) {
                seeds.add(withId(seed, String.valueOf(1_400_000_000_000_000_000L + i)));
              }
              int kind = m.nextInt(100);
              byte[] body;
              String type = "application/json";
              if (kind < 55) {
                body = utf8(m.json(m.pick(seeds)));
              } else if (kind < 67) {
                body = m.bytes(utf8(m.pick(seeds)));
              } else if (kind < 72) {
                body = m.withInvalidUtf8(utf8(m.pick(seeds)));
              } else if (kind < 76) {
                body = m.deepJson(10 + m.nextInt(20_000));
              } else if (kind < 79) {
                body = m.garbage();
              } else if (kind < 90) {
                body = utf8(m.json(m.pick(seeds)));
                return new Fuzz.Case(
                    "POST", "/discord/interactions", type, body, badDiscordHeaders(m, body));
              } else {
                body = utf8(m.pick(seeds));
                type = wrongType(m);
              }
              return new Fuzz.Case(
                  "POST", "/discord/interactions", type, body, discordHeaders(body));
            },
            () -> discord.forgetCalls());
    assertBodies("/discord/interactions", bodies);
    assertClean(r);
  }

  @Test
  void teamsMessages_hostileInput_neverFailsOrRuns() throws Exception {
    TeamsActivities a = new TeamsActivities(teams.serviceUrl());
    TeamsActivities.Person megan = TeamsActivities.MEGAN;
    List<String> seeds = new ArrayList<>();
    for (String text :
        List.of(
            "status web01",
            "stop web01",
            "recycle web01 pool:DefaultAppPool",
            "stop web0* site:\"Default Web Site\" --drain 30s --reason \"x\"",
            "help")) {
      seeds.add(a.write(a.channelMessage(megan, text)));
      seeds.add(a.write(a.personalMessage(megan, text)));
    }
    var card =
        json.readTree(
            "{\"attachments\":[{\"content\":{\"actions\":[{\"type\":\"Action.Execute\","
                + "\"title\":\"Confirm\",\"verb\":\"confirm\",\"data\":{\"iisbot\":"
                + "{\"action\":\"confirm\",\"value\":\""
                + forgedToken()
                + "\"}}}]}}]}");
    seeds.add(
        a.write(
            a.click(
                megan, TeamsActivities.thread("1700000000001"), "1700000000002", card, "Confirm")));
    seeds.add(a.write(a.botAdded(megan)));
    for (String f :
        List.of(
            "message-personal.json",
            "message-channel-mention.json",
            "conversation-update-bot-added-to-team.json",
            "invoke-adaptive-card-action.json")) {
      try (var in = TeamsStub.class.getResourceAsStream("/teams/activities/" + f)) {
        seeds.add(
            json.readTree(in)
                .toString()
                .replaceAll(
                    "\"serviceUrl\":\"[^\"]*\"", "\"serviceUrl\":\"" + teams.serviceUrl() + "\""));
      }
    }
    TeamsKeys keys = teams.keys();
    String good = keys.token(TeamsStub.APP_ID, teams.serviceUrl());
    List<String> badTokens = new ArrayList<>();
    for (TeamsKeys.Flaw f : TeamsKeys.Flaw.values()) {
      if (f != TeamsKeys.Flaw.NONE) {
        badTokens.add(keys.token(TeamsStub.APP_ID, teams.serviceUrl(), f));
      }
    }
    badTokens.add(keys.token(TeamsStub.APP_ID, "https://smba.trafficmanager.net/evil/"));
    Map<String, String> head = new LinkedHashMap<>();
    head.put("Content-Type", "application/json");
    head.put("Authorization", "Bearer " + good);
    var bodies = hugeAndSlowMeanwhile("/teams/messages", head);
    Fuzz.Report r =
        fuzz(
            "/teams/messages",
            (m, i) -> {
              // Each case its own activity: a repeated id is answered before it is read.
              List<String> cases = new ArrayList<>();
              for (String seed : seeds) {
                cases.add(seed.replaceFirst("\"id\":\"[^\"]*\"", "\"id\":\"fuzz-" + i + "\""));
              }
              Map<String, String> h = new LinkedHashMap<>(head);
              int kind = m.nextInt(100);
              byte[] body;
              String type = "application/json";
              if (kind < 55) {
                body = utf8(m.json(m.pick(cases)));
              } else if (kind < 67) {
                body = m.bytes(utf8(m.pick(cases)));
              } else if (kind < 72) {
                body = m.withInvalidUtf8(utf8(m.pick(cases)));
              } else if (kind < 76) {
                body = m.deepJson(10 + m.nextInt(20_000));
              } else if (kind < 79) {
                body = m.garbage();
              } else if (kind < 92) {
                body = utf8(m.json(m.pick(cases)));
                switch (m.nextInt(4)) {
                  case 0 -> h.put("Authorization", "Bearer " + m.pick(badTokens));
                  case 1 -> h.remove("Authorization");
                  case 2 ->
                      h.put(
                          "Authorization",
                          m.hostile().replaceAll("[\\p{Cntrl}\\x{80}-\\x{10FFFF}]", ""));
                  default ->
                      h.put(
                          "Authorization",
                          "Bearer "
                              + new String(m.bytes(utf8(good)), StandardCharsets.ISO_8859_1)
                                  .replaceAll("[\\p{Cntrl}\\x{80}-\\x{FF}]", ""));
                }
              } else {
                body = utf8(m.pick(cases));
                type = wrongType(m);
              }
              return new Fuzz.Case("POST", "/teams/messages", type, body, h);
            },
            () -> teams.forgetCalls());
    assertBodies("/teams/messages", bodies);
    assertClean(r);
  }

  @Test
  void consoleCommands_hostileInput_neverFailsOrRuns() throws Exception {
    List<String> seeds =
        List.of(
            "{\"text\":\"/iis status web01\"}",
            "{\"text\":\"/iis stop web01 --drain 30s --reason \\\"fuzz\\\"\"}",
            "{\"text\":\"/iis recycle web02 pool:DefaultAppPool\"}",
            "{\"text\":\"/iis suspend web0* site:\\\"Default Web Site\\\"\"}",
            "{\"text\":\"/iis history web01 --limit 5\"}",
            "{\"text\":\"/iis help stop\"}",
            "{\"text\":\"/iis events web01 --since 1h\"}");
    var bodies = hugeAndSlowMeanwhile("/api/commands", consoleJsonHeaders());
    Fuzz.Report r =
        fuzz("/api/commands", (m, i) -> consoleCase(m, "/api/commands", seeds), () -> {});
    assertBodies("/api/commands", bodies);
    assertClean(r);
  }

  @Test
  void consoleActions_hostileInput_neverFailsOrRuns() throws Exception {
    List<String> seeds = new ArrayList<>();
    for (String action : List.of("confirm", "cancel", "approve", "abort", "undo", "extend")) {
      seeds.add(
          Mutator.json(Map.of("message", promptId, "action", action, "value", forgedToken())));
    }
    seeds.add(Mutator.json(Map.of("message", "m-unknown", "action", "confirm", "value", "")));
    var bodies = hugeAndSlowMeanwhile("/api/actions", consoleJsonHeaders());
    Fuzz.Report r = fuzz("/api/actions", (m, i) -> consoleCase(m, "/api/actions", seeds), () -> {});
    assertBodies("/api/actions", bodies);
    assertClean(r);
  }

  /** The console's other routes: reads with hostile paths and queries, sign-in, identity. */
  @Test
  void consoleOtherRoutes_hostileInput_neverFailsOrRuns() throws Exception {
    List<String> reads =
        List.of(
            "/api/messages/",
            "/api/operations/",
            "/api/history?host=",
            "/api/history?limit=",
            "/api/history?user=",
            "/api/history?action=",
            "/api/history?outcome=",
            "/api/fleet?x=",
            "/api/catalog?x=",
            "/api/session?x=",
            "/api/messages?x=",
            "/console/signin?t=",
            "/console/",
            "/?x=");
    Fuzz.Report r =
        fuzz(
            "console (other routes)",
            (m, i) -> {
              int kind = m.nextInt(100);
              Map<String, String> h = kind < 80 ? consoleHeaders() : badConsoleHeaders(m);
              if (kind % 5 == 0) {
                byte[] body =
                    utf8(
                        m.nextInt(2) == 0
                            ? "t=" + URLEncoder.encode(m.hostile(), StandardCharsets.UTF_8)
                            : m.form("t=abcdefABCDEF0123456789_-abcdefABCDEF"));
                h.remove("X-CSRF-Token");
                return new Fuzz.Case(
                    "POST", "/console/signin", "application/x-www-form-urlencoded", body, h);
              }
              if (kind % 5 == 1) {
                byte[] body = utf8(m.json("{\"user\":\"slack:UALICE\"}"));
                return new Fuzz.Case("POST", "/api/session/identity", "application/json", body, h);
              }
              String value =
                  switch (m.nextInt(3)) {
                    case 0 -> m.hostile();
                    case 1 -> promptId + m.hostile();
                    default -> new String(m.bytes(utf8(promptId)), StandardCharsets.UTF_8);
                  };
              String path =
                  m.pick(reads)
                      + URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
              return new Fuzz.Case("GET", path, null, null, h);
            },
            () -> {});
    assertClean(r);
  }

  // ---- cases ----------------------------------------------------------------------------------

  private Fuzz.Case consoleCase(Mutator m, String route, List<String> seeds) {
    int kind = m.nextInt(100);
    byte[] body;
    String type = "application/json";
    Map<String, String> h = consoleHeaders();
    if (kind < 55) {
      body = utf8(m.json(m.pick(seeds)));
    } else if (kind < 67) {
      body = m.bytes(utf8(m.pick(seeds)));
    } else if (kind < 72) {
      body = m.withInvalidUtf8(utf8(m.pick(seeds)));
    } else if (kind < 76) {
      body = m.deepJson(10 + m.nextInt(20_000));
    } else if (kind < 79) {
      body = m.garbage();
    } else if (kind < 90) {
      body = utf8(m.json(m.pick(seeds)));
      h = badConsoleHeaders(m);
    } else {
      body = utf8(m.pick(seeds));
      type = wrongType(m);
    }
    return new Fuzz.Case("POST", route, type, body, h);
  }

  private Map<String, String> slackHeaders(byte[] body) {
    String ts = String.valueOf(Instant.now().getEpochSecond());
    Map<String, String> h = new LinkedHashMap<>();
    h.put("X-Slack-Request-Timestamp", ts);
    h.put("X-Slack-Signature", slackSignature(SIGNING_SECRET, ts, body));
    return h;
  }

  private Map<String, String> badSlackHeaders(Mutator m, byte[] body) {
    long now = Instant.now().getEpochSecond();
    Map<String, String> h = new LinkedHashMap<>();
    switch (m.nextInt(7)) {
      case 0 -> {}
      case 1 -> {
        h.put("X-Slack-Request-Timestamp", String.valueOf(now));
        h.put("X-Slack-Signature", slackSignature("not-the-secret", String.valueOf(now), body));
      }
      case 2 -> {
        String ts = String.valueOf(now - 3600);
        h.put("X-Slack-Request-Timestamp", ts);
        h.put("X-Slack-Signature", slackSignature(SIGNING_SECRET, ts, body));
      }
      case 3 -> {
        String ts = String.valueOf(now + 3600);
        h.put("X-Slack-Request-Timestamp", ts);
        h.put("X-Slack-Signature", slackSignature(SIGNING_SECRET, ts, body));
      }
      case 4 -> {
        h.put("X-Slack-Request-Timestamp", m.headerValue(String.valueOf(now)));
        h.put("X-Slack-Signature", m.headerValue("v0=00"));
      }
      case 5 -> {
        String ts = String.valueOf(now);
        h.put("X-Slack-Request-Timestamp", ts);
        h.put("X-Slack-Signature", slackSignature(SIGNING_SECRET, ts, utf8("other")));
      }
      default -> {
        h.put("X-Slack-Request-Timestamp", String.valueOf(now));
      }
    }
    return h;
  }

  static String slackSignature(String secret, String ts, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update(("v0:" + ts + ":").getBytes(StandardCharsets.US_ASCII));
      return "v0=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private Map<String, String> discordHeaders(byte[] body) {
    String ts = String.valueOf(Instant.now().getEpochSecond());
    Map<String, String> h = new LinkedHashMap<>();
    h.put("X-Signature-Ed25519", ed25519(discordKeys, ts, body));
    h.put("X-Signature-Timestamp", ts);
    h.put("User-Agent", "Discord-Interactions/1.0 (+https://discord.com)");
    return h;
  }

  private Map<String, String> badDiscordHeaders(Mutator m, byte[] body) throws Exception {
    long now = Instant.now().getEpochSecond();
    Map<String, String> h = new LinkedHashMap<>();
    switch (m.nextInt(6)) {
      case 0 -> {}
      case 1 -> {
        h.put(
            "X-Signature-Ed25519",
            ed25519(
                KeyPairGenerator.getInstance("Ed25519").generateKeyPair(),
                String.valueOf(now),
                body));
        h.put("X-Signature-Timestamp", String.valueOf(now));
      }
      case 2 -> {
        String ts = String.valueOf(now - 3600);
        h.put("X-Signature-Ed25519", ed25519(discordKeys, ts, body));
        h.put("X-Signature-Timestamp", ts);
      }
      case 3 -> {
        h.put("X-Signature-Ed25519", m.headerValue("00ff"));
        h.put("X-Signature-Timestamp", m.headerValue(String.valueOf(now)));
      }
      case 4 -> {
        String ts = String.valueOf(now);
        h.put("X-Signature-Ed25519", ed25519(discordKeys, ts, utf8("{}")));
        h.put("X-Signature-Timestamp", ts);
      }
      default -> h.put("X-Signature-Timestamp", String.valueOf(now));
    }
    return h;
  }

  static String ed25519(KeyPair keys, String ts, byte[] body) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(keys.getPrivate());
      s.update(ts.getBytes(StandardCharsets.UTF_8));
      s.update(body);
      return HexFormat.of().formatHex(s.sign());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private Map<String, String> consoleHeaders() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Cookie", cookie);
    h.put("X-CSRF-Token", csrf);
    return h;
  }

  private Map<String, String> consoleJsonHeaders() {
    Map<String, String> h = consoleHeaders();
    h.put("Content-Type", "application/json");
    return h;
  }

  private Map<String, String> badConsoleHeaders(Mutator m) {
    Map<String, String> h = new LinkedHashMap<>();
    switch (m.nextInt(5)) {
      case 0 -> {}
      case 1 -> h.put("Cookie", cookie);
      case 2 -> {
        h.put("Cookie", cookie);
        h.put("X-CSRF-Token", m.headerValue(csrf));
      }
      case 3 -> {
        h.put(
            "Cookie", "iisbot_session=" + m.headerValue(cookie.substring(cookie.indexOf('=') + 1)));
        h.put("X-CSRF-Token", csrf);
      }
      default -> {
        h.putAll(consoleHeaders());
        h.put("Sec-Fetch-Site", "cross-site");
      }
    }
    return h;
  }

  private static String wrongType(Mutator m) {
    return m.pick(
        List.of(
            "text/plain",
            "application/xml",
            "multipart/form-data; boundary=x",
            "application/json; charset=ISO-8859-1",
            "application/x-www-form-urlencoded; charset=UTF-16",
            "application/octet-stream",
            ";;;",
            "application/json",
            "application/x-www-form-urlencoded",
            "x".repeat(2000)));
  }

  /** A confirmation token of the right shape, signed with another secret. */
  private static String forgedToken() {
    return "v1.eyJhIjoic3RvcCIsImgiOlsid2ViMDEiXX0.0123456789abcdef0123456789abcdef";
  }

  // ---- running and checking -------------------------------------------------------------------

  private Fuzz.Report fuzz(String route, Fuzz.Maker maker, Runnable forgetStubCalls)
      throws Exception {
    long heapBefore = Fuzz.heapAfterGc();
    long t0 = System.nanoTime();
    Fuzz.Report r = Fuzz.run(base, route, CASES, THREADS, maker);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    forgetStubCalls.run();
    // Platform follow-ups (response_url posts, webhook edits) may still be on their way.
    Thread.sleep(200);
    forgetStubCalls.run();
    long heapDelta = Fuzz.heapAfterGc() - heapBefore;
    int operations = operations();
    System.out.println(Fuzz.line(r, operations, heapDelta) + " in " + ms + " ms");
    assertThat(operations).as("operations started by fuzz cases").isZero();
    assertThat(hostStates()).as("the hosts' state after fuzzing").isEqualTo(before);
    assertThat(heapDelta).as("heap growth after %s", route).isLessThan(HEAP_BOUND);
    return r;
  }

  private static void assertClean(Fuzz.Report r) {
    assertThat(r.examples()).as(r.route() + ": answers with 5xx or a stack trace").isEmpty();
    assertThat(r.clean()).isTrue();
  }

  /**
   * A few huge and slow bodies, sent while the route is fuzzed (the slow one takes seconds of
   * waiting, not of work).
   */
  private java.util.concurrent.CompletableFuture<List<Integer>> hugeAndSlowMeanwhile(
      String route, Map<String, String> headers) {
    return java.util.concurrent.CompletableFuture.supplyAsync(
        () -> {
          try {
            List<Integer> statuses = new ArrayList<>();
            statuses.add(Fuzz.huge(base, route, headers, 64L * 1024 * 1024, 4 * 1024 * 1024));
            statuses.add(Fuzz.huge(base, route, headers, 2L * 1024 * 1024, 2 * 1024 * 1024));
            statuses.add(Fuzz.huge(base, route, headers, Long.MAX_VALUE / 2, 256 * 1024));
            statuses.add(
                Fuzz.slow(
                    base, route, headers, 4096, Duration.ofMillis(400), Duration.ofSeconds(12)));
            return statuses;
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  /** The huge and slow bodies were answered below 500 (or by closing the connection). */
  static void assertBodies(
      String route, java.util.concurrent.CompletableFuture<List<Integer>> bodies) throws Exception {
    List<Integer> statuses = bodies.get(60, java.util.concurrent.TimeUnit.SECONDS);
    System.out.println("[fuzz] " + route + ": huge and slow bodies answered " + statuses);
    assertThat(statuses).allMatch(s -> s < 500 || s == 503, "no 5xx but the body gate's 503");
  }

  /** Operations the bot confirmed or started, as its audit and in-flight tables tell. */
  private int operations() {
    int inFlight = app.store().inFlight().size();
    long confirmed =
        app.store().history(HistoryQuery.latest(HistoryQuery.MAX_LIMIT)).stream()
            .filter(
                e ->
                    AuditEntry.CONFIRMED.equals(e.outcome())
                        || AuditEntry.APPROVED.equals(e.outcome()))
            .count();
    return inFlight + (int) confirmed;
  }

  /** Every service, pool and site of both hosts with its state. */
  private String hostStates() {
    StringBuilder b = new StringBuilder();
    fleet.hosts.forEach(
        (name, h) -> {
          h.services()
              .forEach(
                  s ->
                      b.append(name)
                          .append(' ')
                          .append(s.name())
                          .append('=')
                          .append(s.state())
                          .append('\n'));
          h.pools()
              .forEach(
                  p ->
                      b.append(name)
                          .append(" pool ")
                          .append(p.name())
                          .append('=')
                          .append(p.state())
                          .append('\n'));
          h.sites()
              .forEach(
                  s ->
                      b.append(name)
                          .append(" site ")
                          .append(s.name())
                          .append('=')
                          .append(s.state())
                          .append('\n'));
        });
    return b.toString();
  }

  /** A console session for slack:UALICE from a /iis console link, and one real prompt. */
  private void signInToConsole() throws Exception {
    Caller alice =
        new Caller(
            Identity.parse("slack:UALICE"),
            List.of(Identity.parse("slack-group:SONCALL")),
            "Alice");
    String text = chat.current(chat.type(alice, "C1", "/iis console").get(0)).plainText();
    Matcher t = Pattern.compile("signin\\?t=([A-Za-z0-9_-]+)").matcher(text);
    assertThat(t.find()).as(text).isTrue();
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> signedIn =
        http.send(
            HttpRequest.newBuilder(URI.create(app.uri() + "/console/signin"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("t=" + t.group(1)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    String set = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
    cookie = set.substring(0, set.indexOf(';'));
    JsonNode session =
        json.readTree(
            http.send(
                    HttpRequest.newBuilder(URI.create(app.uri() + "/api/session"))
                        .header("Cookie", cookie)
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body());
    csrf = session.get("csrf").asText();
    HttpResponse<String> prompt =
        http.send(
            HttpRequest.newBuilder(URI.create(app.uri() + "/api/commands"))
                .header("Content-Type", "application/json")
                .header("Cookie", cookie)
                .header("X-CSRF-Token", csrf)
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"/iis stop web01\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    promptId = json.readTree(prompt.body()).get("messages").get(0).get("id").asText();
  }

  private String withId(String interaction, String id) {
    try {
      com.fasterxml.jackson.databind.node.ObjectNode o =
          (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(interaction);
      return o.put("id", id).toString();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String fixture(String name) throws Exception {
    try (var in = BotFuzzTest.class.getResourceAsStream(FIXTURES + name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
