package io.iisbot.bot.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
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
import io.iisbot.config.ConfigLoader;
import io.iisbot.iis.agent.server.Agent;
import io.iisbot.iis.agent.server.AllowList;
import io.iisbot.iis.engine.EngineSettings;
import io.iisbot.iis.logging.LogFormat;
import io.iisbot.iis.logging.LogSetup;
import io.iisbot.iis.sim.Scenarios;
import io.iisbot.iis.sim.SimulatedIisHost;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
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
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every secret the bot is configured with (Slack's signing secret and bot token, Discord's bot
 * token and public key, the agents' keys, the server secret, the balancer's Authorization header,
 * the database password) is absent from everything a person or a log shipper sees: the log (iisbot
 * at DEBUG, libraries at WARN as in production), every message posted to Slack, Discord, the
 * console and the in-memory chat, and every HTTP answer, after a session of commands, confirmed
 * operations and failures (bad signatures, a denied user, an agent with the wrong key, an
 * unreachable agent, a balancer that echoes its credentials in an error). Each secret is looked for
 * as written, in Base64 (standard and URL-safe, with and without padding) and in hex.
 */
final class SecretsNeverLeakTest {

  static final Duration WAIT = Duration.ofSeconds(30);

  static final String SIGNING_SECRET = "slack-signing-SECRET-5b9e0c1d2a3f4e5d6c7b";
  static final String SLACK_TOKEN = "xoxb-1111-2222-SECRETslacktoken9f8e7d";
  static final String DISCORD_TOKEN = "MTMwMTAwMDAw.SECRET.discordtoken-4c3b2a19";
  static final String SERVER_SECRET = "server-SECRET-7e6d5c4b3a291807f6e5d4c3b2a1";
  static final String AGENT_KEY_WEB03 = "web03-agent-key-SECRET-0a9b8c7d6e5f4a3b2c1d";
  static final String WRONG_KEY_WEB03 = "web03-wrong-key-SECRET-1b2c3d4e5f6a7b8c9d0e";
  static final String LB_AUTH = "Bearer lb-SECRET-credential-3f2e1d0c9b8a7f6e";
  static final String DB_PASSWORD = "db-SECRET-password-8d7c6b5a4f3e2d1c";
  static final String METRICS_TOKEN = "metrics-SECRET-token-2c1b0a9f8e7d6c5b";

  @TempDir Path dir;

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final LoggerContext context = LogSetup.context();
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private final List<String> answers = new CopyOnWriteArrayList<>();
  private final List<String> balancerCalls = new CopyOnWriteArrayList<>();
  private SlackStub slack;
  private DiscordStub discord;
  private TeamsStub teams;
  private final List<String> teamsTokens = new CopyOnWriteArrayList<>();
  private LocalChat chat;
  private LoopbackAgents fleet;
  private Agent web03;
  private HttpServer balancer;
  private BotApp app;
  private String discordPublicKey;

  @AfterEach
  void stop() throws Exception {
    if (app != null) {
      app.close();
    }
    if (fleet != null) {
      fleet.close();
    }
    if (web03 != null) {
      web03.close();
    }
    if (balancer != null) {
      balancer.stop(0);
    }
    if (slack != null) {
      slack.close();
    }
    if (discord != null) {
      discord.close();
    }
    if (teams != null) {
      teams.close();
    }
    context.reset();
    new ContextInitializer(context).autoConfig();
  }

  /** Every secret this test configures, by what it is. */
  static Map<String, String> secrets(String discordPublicKey) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("Slack signing secret", SIGNING_SECRET);
    s.put("Slack bot token", SLACK_TOKEN);
    s.put("Discord bot token", DISCORD_TOKEN);
    s.put("Discord public key", discordPublicKey);
    s.put("server secret", SERVER_SECRET);
    s.put("agent key (web01, web02)", new String(LoopbackAgents.SECRET, StandardCharsets.UTF_8));
    s.put("agent key (web03)", AGENT_KEY_WEB03);
    s.put("agent key the bot holds for web03 (wrong)", WRONG_KEY_WEB03);
    s.put("balancer Authorization", LB_AUTH);
    s.put("balancer credential", LB_AUTH.substring("Bearer ".length()));
    s.put("database password", DB_PASSWORD);
    s.put("metrics token", METRICS_TOKEN);
    s.put("Teams app password", TeamsStub.APP_PASSWORD);
    s.put("Teams connector token (from Entra)", TeamsStub.ACCESS_TOKEN);
    return s;
  }

  /** A secret as written, in Base64 (standard, URL-safe, padded or not) and in hex. */
  static Map<String, String> forms(String secret) {
    byte[] b = secret.getBytes(StandardCharsets.UTF_8);
    Map<String, String> f = new LinkedHashMap<>();
    f.put("as written", secret);
    f.put("Base64", Base64.getEncoder().encodeToString(b));
    f.put("Base64 unpadded", Base64.getEncoder().withoutPadding().encodeToString(b));
    f.put("Base64 URL-safe", Base64.getUrlEncoder().withoutPadding().encodeToString(b));
    f.put("hex", HexFormat.of().formatHex(b));
    f.put("HEX", HexFormat.of().formatHex(b).toUpperCase(Locale.ROOT));
    return f;
  }

  @Test
  void session_ofCommandsOperationsAndFailures_leaksNoSecretAnywhere() throws Exception {
    captureLogs();
    startEverything();

    slackSession();
    discordSession();
    teamsSession();
    consoleSession();
    failures();

    Map<String, String> sources = capturedText();
    Map<String, String> secrets = new LinkedHashMap<>(secrets(discordPublicKey));
    for (int i = 0; i < teamsTokens.size(); i++) {
      secrets.put("Teams inbound token " + i, teamsTokens.get(i));
      String signature = teamsTokens.get(i).substring(teamsTokens.get(i).lastIndexOf('.') + 1);
      secrets.put("Teams inbound token's signature " + i, signature);
    }
    List<String> leaks = leaks(sources, secrets);
    int chars = sources.values().stream().mapToInt(String::length).sum();
    System.out.println(
        "[secrets] "
            + secrets.size()
            + " secrets x 6 forms grepped in "
            + sources.size()
            + " sources ("
            + chars
            + " characters: "
            + String.join(", ", sources.keySet())
            + "), "
            + leaks.size()
            + " leaks");
    assertThat(sources.get("log")).as("the session was logged").contains("iisbot serving on");
    assertThat(balancerCalls).as("the balancer was called with its credential").isNotEmpty();
    // The failures happened (and so were there to leak): the refused put-back, the wrong key.
    assertThat(sources.get("Slack messages")).contains("leaky refused to restore web02");
    assertThat(sources.get("in-memory chat")).contains("web03");
    assertThat(sources.get("Teams messages")).contains("you may not stop web01");
    assertThat(leaks).isEmpty();
  }

  /** A start-up that cannot reach PostgreSQL says so without the password. */
  @Test
  void unreachableDatabase_failureAndLog_leakNoPassword() throws Exception {
    captureLogs();
    Path file =
        Files.writeString(
            dir.resolve("pg.yaml"),
            """
            server: {port: 0, bind: 127.0.0.1, dataDir: "%s", secretEnv: BOT_SECRET}
            console: {enabled: false}
            store: {type: postgres, url: "jdbc:postgresql://127.0.0.1:9/iisbot", user: iisbot, passwordEnv: DB_PASSWORD}
            hosts:
              - {name: web01, agent: "http://127.0.0.1:9", keyId: bot, secretEnv: BOT_SECRET}
            """
                .formatted(dir.toString().replace("\\", "/")));
    String failure;
    try {
      BotApp.start(
              ConfigLoader.load(
                  file, Map.of("BOT_SECRET", SERVER_SECRET, "DB_PASSWORD", DB_PASSWORD)),
              Map.of(),
              Clock.systemUTC())
          .close();
      failure = "(started)";
    } catch (RuntimeException e) {
      java.io.StringWriter trace = new java.io.StringWriter();
      e.printStackTrace(new java.io.PrintWriter(trace));
      failure = trace.toString();
    }
    Map<String, String> sources = new LinkedHashMap<>();
    sources.put("start-up failure with its trace", failure);
    sources.put("log", log.toString(StandardCharsets.UTF_8));
    assertThat(failure).isNotEqualTo("(started)");
    assertThat(
            leaks(
                sources, Map.of("database password", DB_PASSWORD, "server secret", SERVER_SECRET)))
        .isEmpty();
  }

  // ---- what is grepped ------------------------------------------------------------------------

  /**
   * Every text the session produced that a person or a log shipper could see, by source. The {@code
   * GET /metrics} scrape is one of them.
   */
  /** {@code GET /metrics} with the scrapers' token, after the session. */
  private String scrape() throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(app.uri() + "/metrics"))
                .header("Authorization", "Bearer " + METRICS_TOKEN)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("the metrics scrape").isEqualTo(200);
    assertThat(r.body()).contains("iisbot_commands_total");
    return r.body();
  }

  private Map<String, String> capturedText() throws Exception {
    Map<String, String> sources = new LinkedHashMap<>();
    sources.put("log", log.toString(StandardCharsets.UTF_8));
    StringBuilder s = new StringBuilder();
    for (SlackStub.Call c : slack.calls()) {
      // The token rides in the Authorization header to Slack itself: that is its use.
      s.append(c.method()).append(' ').append(c.params()).append(' ').append(c.body()).append('\n');
    }
    sources.put("Slack messages", s.toString());
    StringBuilder d = new StringBuilder();
    for (DiscordStub.Call c : discord.calls()) {
      d.append(c.method()).append(' ').append(c.path()).append(' ').append(c.body()).append('\n');
    }
    sources.put("Discord messages", d.toString());
    StringBuilder t = new StringBuilder();
    // The Entra token rides in the Authorization header to the connector: that is its use.
    for (TeamsStub.Call c : teams.calls(c -> true)) {
      t.append(c.method()).append(' ').append(c.conversation()).append(' ').append(c.body());
      t.append('\n');
    }
    sources.put("Teams messages", t.toString());
    StringBuilder local = new StringBuilder();
    for (String channel : List.of("C1", "ops")) {
      for (String id : chat.messageIds(channel)) {
        local.append(chat.current(id).plainText()).append('\n');
      }
    }
    sources.put("in-memory chat", local.toString());
    sources.put("HTTP answers", String.join("\n", answers));
    sources.put("metrics", scrape());
    return sources;
  }

  private static List<String> leaks(Map<String, String> sources, Map<String, String> secrets) {
    List<String> found = new ArrayList<>();
    sources.forEach(
        (source, text) ->
            secrets.forEach(
                (what, secret) ->
                    forms(secret)
                        .forEach(
                            (form, value) -> {
                              int at = text.indexOf(value);
                              if (at >= 0) {
                                found.add(
                                    what
                                        + " ("
                                        + form
                                        + ") in "
                                        + source
                                        + ": …"
                                        + text.substring(
                                            Math.max(0, at - 80),
                                            Math.min(text.length(), at + value.length() + 20))
                                        + "…");
                              }
                            })));
    return found;
  }

  // ---- the session ----------------------------------------------------------------------------

  private void slackSession() throws Exception {
    SlackRequests requests = new SlackRequests(SIGNING_SECRET, Clock.systemUTC());
    URI events = URI.create(app.uri() + "/slack/events");
    answer(
        requests
            .slashCommand("/iis", "help", "UALICE", "C1", slack.responseUrl("a"))
            .postTo(events));
    answer(
        requests
            .slashCommand("/iis", "status web01", "UALICE", "C1", slack.responseUrl("b"))
            .postTo(events));
    // A confirmed stop through the balancer, and a start whose put-back the balancer refuses.
    for (String verb : List.of("stop", "start")) {
      answer(
          requests
              .slashCommand(
                  "/iis",
                  verb + " web02 --reason \"secrets test\"",
                  "UALICE",
                  "C1",
                  slack.responseUrl(verb))
              .postTo(events));
      SlackStub.Call prompt =
          slack.awaitCall(
              "chat.postMessage",
              c ->
                  c.param("text") != null
                      && c.param("text").startsWith("Confirm: /iis " + verb + " web02"),
              WAIT);
      String ts = json.readTree(prompt.answer()).get("ts").asText();
      answer(
          requests
              .blockAction(
                  "UALICE",
                  "C1",
                  ts,
                  "confirm",
                  buttonValue(prompt, "confirm"),
                  slack.responseUrl("c" + verb))
              .postTo(events));
      slack.awaitCall(
          "chat.update",
          c ->
              ts.equals(c.param("ts"))
                  && c.param("text") != null
                  && (c.param("text").startsWith("Done:") || c.param("text").startsWith("Failed:")),
          WAIT);
    }
    // A denied user, an unknown command, a stale and a forged request.
    answer(
        requests
            .slashCommand("/iis", "stop web01", "UMALLORY", "C1", slack.responseUrl("d"))
            .postTo(events));
    answer(
        requests
            .slashCommand("/iis", "frobnicate web01", "UALICE", "C1", slack.responseUrl("e"))
            .postTo(events));
    answer(
        requests
            .signedAt(Instant.now().getEpochSecond() - 3600)
            .slashCommand("/iis", "status web01", "UALICE", "C1", slack.responseUrl("f"))
            .postTo(events));
    answer(
        new SlackRequests("not-the-secret-not-the-secret-00", Clock.systemUTC())
            .slashCommand("/iis", "status web01", "UALICE", "C1", slack.responseUrl("g"))
            .postTo(events));
  }

  private void discordSession() throws Exception {
    DiscordInteractions interactions = new DiscordInteractions();
    URI endpoint = URI.create(app.uri() + "/discord/interactions");
    List<String> oncall = List.of(DiscordStub.ONCALL_ROLE_ID);
    for (Map<String, Object> options :
        List.<Map<String, Object>>of(Map.of("target", "web01"), Map.of("target", "web03"))) {
      String i =
          interactions.command(
              DiscordStub.GUILD_ID,
              DiscordStub.CHANNEL_ID,
              DiscordStub.OPERATOR_ID,
              oncall,
              "iis",
              "status",
              options);
      discord.remember(i);
      answer(discord.signer().postTo(endpoint, i));
    }
    String denied =
        interactions.command(
            DiscordStub.GUILD_ID,
            DiscordStub.CHANNEL_ID,
            "1301000000000000099",
            List.of(),
            "iis",
            "stop",
            Map.of("target", "web01"));
    discord.remember(denied);
    answer(discord.signer().postTo(endpoint, denied));
    answer(
        DiscordStubPost.post(
            endpoint,
            "{\"type\":1}",
            Map.of("X-Signature-Ed25519", "00".repeat(64), "X-Signature-Timestamp", "1")));
  }

  private void teamsSession() {
    TeamsActivities a = new TeamsActivities(teams.serviceUrl());
    URI endpoint = URI.create(app.uri() + "/teams/messages");
    String good = teams.keys().token(TeamsStub.APP_ID, teams.serviceUrl());
    String forged =
        teams.keys().token(TeamsStub.APP_ID, teams.serviceUrl(), TeamsKeys.Flaw.WRONG_SIGNATURE);
    String expired =
        teams.keys().token(TeamsStub.APP_ID, teams.serviceUrl(), TeamsKeys.Flaw.EXPIRED);
    teamsTokens.addAll(List.of(good, forged, expired));
    answer(a.post(endpoint, a.channelMessage(TeamsActivities.MEGAN, "status web01"), good));
    answer(a.post(endpoint, a.personalMessage(TeamsActivities.GUEST, "stop web01"), good));
    answer(a.post(endpoint, a.channelMessage(TeamsActivities.MEGAN, "stop web01"), forged));
    answer(a.post(endpoint, a.channelMessage(TeamsActivities.MEGAN, "stop web01"), expired));
    teams.await(
        c -> c.body().toString().contains("you may not stop web01"), WAIT, "the Teams denial");
    teams.await(c -> c.body().toString().contains("web01 status"), WAIT, "the Teams status");
  }

  private void consoleSession() throws Exception {
    Caller alice =
        new Caller(
            Identity.parse("slack:UALICE"),
            List.of(Identity.parse("slack-group:SONCALL")),
            "Alice");
    String text = chat.current(chat.type(alice, "C1", "/iis console").get(0)).plainText();
    Matcher t = Pattern.compile("signin\\?t=([A-Za-z0-9_-]+)").matcher(text);
    assertThat(t.find()).as(text).isTrue();
    HttpResponse<String> signedIn =
        send(
            HttpRequest.newBuilder(URI.create(app.uri() + "/console/signin"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("t=" + t.group(1))));
    String set = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
    String cookie = set.substring(0, set.indexOf(';'));
    JsonNode session =
        json.readTree(
            send(HttpRequest.newBuilder(URI.create(app.uri() + "/api/session"))
                    .header("Cookie", cookie))
                .body());
    String csrf = session.get("csrf").asText();
    for (String command :
        List.of("/iis status web01", "/iis history", "/iis status web03", "/iis status web04")) {
      send(
          HttpRequest.newBuilder(URI.create(app.uri() + "/api/commands"))
              .header("Content-Type", "application/json")
              .header("Cookie", cookie)
              .header("X-CSRF-Token", csrf)
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      json.writeValueAsString(Map.of("text", command)))));
    }
    send(HttpRequest.newBuilder(URI.create(app.uri() + "/api/messages")).header("Cookie", cookie));
    send(HttpRequest.newBuilder(URI.create(app.uri() + "/api/fleet")).header("Cookie", cookie));
    send(HttpRequest.newBuilder(URI.create(app.uri() + "/api/history")).header("Cookie", cookie));
    // Without a session, with a wrong CSRF token.
    send(HttpRequest.newBuilder(URI.create(app.uri() + "/api/fleet")));
    send(
        HttpRequest.newBuilder(URI.create(app.uri() + "/api/commands"))
            .header("Content-Type", "application/json")
            .header("Cookie", cookie)
            .header("X-CSRF-Token", "wrong")
            .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"/iis status web01\"}")));
  }

  /** Agents that refuse the bot's key or do not answer, through the in-memory chat. */
  private void failures() throws Exception {
    Caller alice =
        new Caller(
            Identity.parse("slack:UALICE"),
            List.of(Identity.parse("slack-group:SONCALL")),
            "Alice");
    chat.type(alice, "ops", "/iis status web03");
    chat.type(alice, "ops", "/iis status web04");
    chat.type(alice, "ops", "/iis stop web03");
    chat.type(alice, "ops", "/iis events web03 --since 1h");
    chat.type(alice, "ops", "/iis status web0*");
  }

  // ---- set-up ---------------------------------------------------------------------------------

  private void captureLogs() {
    LogSetup.reset(context)
        .addAppender(LogSetup.console(context, LogFormat.TEXT, log, Level.TRACE));
    context.getLogger(LogSetup.IISBOT).setLevel(Level.DEBUG);
  }

  private void startEverything() throws Exception {
    slack = new SlackStub();
    discord = new DiscordStub();
    teams = new TeamsStub();
    chat = new LocalChat("memory", null);
    discordPublicKey = discord.signer().publicKeyHex();
    fleet =
        new LoopbackAgents(Instant.now())
            .add("web01", Scenarios.named("healthy"))
            .add("web02", Scenarios.named("healthy"));
    web03 =
        Agent.start(
            new Agent.Settings(
                new SimulatedIisHost(Scenarios.named("healthy"), Clock.systemUTC()),
                "simulated",
                Clock.systemUTC(),
                io.iisbot.iis.Sleeper.system(),
                Map.of("bot", AGENT_KEY_WEB03.getBytes(StandardCharsets.UTF_8)),
                AllowList.everything(),
                "127.0.0.1",
                0,
                null,
                Duration.ofHours(1),
                EngineSettings.defaults()));
    startBalancer();
    String lb = "http://127.0.0.1:" + balancer.getAddress().getPort() + "/members/{host}";
    Path file =
        Files.writeString(
            dir.resolve("iisbot.yaml"),
            """
            server:
              {port: 0, bind: 127.0.0.1, dataDir: "%s", secretEnv: BOT_SECRET,
               metrics: token, metricsTokenEnv: METRICS_TOKEN}
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
            loadBalancers:
              - name: leaky
                type: http
                drain: {method: PATCH, url: "%s", body: '{"session":"user-disabled"}', authorizationEnv: LB_AUTH}
                restore: {method: PATCH, url: "%s", body: '{"session":"user-enabled"}', authorizationEnv: LB_AUTH}
                connections: {url: "%s/stats", jsonPointer: "/value", authorizationEnv: LB_AUTH}
                drainDeadline: 10s
                upDeadline: 10s
            hosts:
              - {name: web01, agent: "%s", keyId: bot, secretEnv: AGENT_SECRET}
              - {name: web02, agent: "%s", keyId: bot, secretEnv: AGENT_SECRET, loadBalancer: leaky}
              - {name: web03, agent: "%s", keyId: bot, secretEnv: WEB03_KEY}
              - {name: web04, agent: "http://127.0.0.1:9", keyId: bot, secretEnv: WEB03_KEY}
            roles:
              - name: oncall
                members: ["slack-group:SONCALL", "discord-role:%s", "teams-team:%s"]
                allow: [{actions: ["*"], hosts: ["*"]}]
            """
                .formatted(
                    dir.resolve("data").toString().replace("\\", "/"),
                    slack.apiUrl(),
                    DiscordStub.APPLICATION_ID,
                    discordPublicKey,
                    DiscordStub.GUILD_ID,
                    discord.restUrl(),
                    TeamsStub.APP_ID,
                    TeamsStub.TENANT_ID,
                    teams.openIdUrl(),
                    teams.tokenUrl(),
                    teams.serviceUrl(),
                    lb,
                    lb,
                    lb,
                    fleet.agents.get("web01").uri(),
                    fleet.agents.get("web02").uri(),
                    web03.uri(),
                    DiscordStub.ONCALL_ROLE_ID,
                    TeamsStub.TEAM_ID));
    slack.groupMembers("SONCALL", "UALICE");
    Map<String, String> env = new LinkedHashMap<>();
    env.put("BOT_SECRET", SERVER_SECRET);
    env.put("AGENT_SECRET", new String(LoopbackAgents.SECRET, StandardCharsets.UTF_8));
    env.put("WEB03_KEY", WRONG_KEY_WEB03);
    env.put("SLACK_SIGNING_SECRET", SIGNING_SECRET);
    env.put("SLACK_BOT_TOKEN", SLACK_TOKEN);
    env.put("DISCORD_BOT_TOKEN", DISCORD_TOKEN);
    env.put("TEAMS_APP_PASSWORD", TeamsStub.APP_PASSWORD);
    env.put("LB_AUTH", LB_AUTH);
    env.put("METRICS_TOKEN", METRICS_TOKEN);
    app =
        BotApp.start(
            ConfigLoader.load(file, env), Map.of(chat.platform(), chat), Clock.systemUTC());
    chat.connect(app.bot());
  }

  /**
   * A balancer that drains at once and refuses to put a host back, echoing the request's
   * Authorization header in its error, as some do: the bot must not pass that on.
   */
  private void startBalancer() throws Exception {
    balancer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    balancer.createContext(
        "/members/",
        x -> {
          String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          String auth = x.getRequestHeaders().getFirst("Authorization");
          balancerCalls.add(x.getRequestMethod() + " " + x.getRequestURI() + " " + body);
          int code = 200;
          String answer = "{}";
          if (x.getRequestURI().getPath().endsWith("/stats")) {
            answer = "{\"value\":0}";
          } else if (body.contains("user-enabled")) {
            code = 500;
            answer = "{\"message\":\"refused for Authorization: " + auth + "\"}";
          }
          byte[] out = answer.getBytes(StandardCharsets.UTF_8);
          x.getResponseHeaders().add("Content-Type", "application/json");
          x.sendResponseHeaders(code, out.length);
          try (OutputStream o = x.getResponseBody()) {
            o.write(out);
          }
        });
    balancer.start();
  }

  private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return answer(http.send(b.timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString()));
  }

  private HttpResponse<String> answer(HttpResponse<String> r) {
    answers.add(r.statusCode() + " " + r.headers().map() + " " + r.body());
    return r;
  }

  private String buttonValue(SlackStub.Call call, String action) throws Exception {
    for (JsonNode block : json.readTree(call.param("blocks"))) {
      if (block.path("type").asText().equals("actions")) {
        for (JsonNode e : block.get("elements")) {
          if (e.path("action_id").asText().equals(action)) {
            return e.get("value").asText();
          }
        }
      }
    }
    throw new AssertionError("no " + action + " button in " + call.param("blocks"));
  }

  /** Discord's POST with the given (bad) signature headers. */
  private static final class DiscordStubPost {
    static HttpResponse<String> post(URI url, String body, Map<String, String> headers)
        throws Exception {
      return io.iisbot.adapters.discord.DiscordSigner.post(url, body, headers);
    }
  }
}
