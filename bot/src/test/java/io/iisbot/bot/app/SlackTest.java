package io.iisbot.bot.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iisbot.adapters.slack.SlackRequests;
import io.iisbot.adapters.slack.SlackStub;
import io.iisbot.bot.fleet.LoopbackAgents;
import io.iisbot.config.ConfigLoader;
import io.iisbot.iis.sim.Scenarios;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bot on Slack through its real route: requests signed exactly as Slack signs them, Bolt's real
 * Web API client pointed at a local stub that records every call.
 */
final class SlackTest {

  static final String SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
  static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  private final ObjectMapper json = new ObjectMapper();
  private final SlackStub slack = new SlackStub();
  private final SlackRequests requests = new SlackRequests(SIGNING_SECRET, Clock.systemUTC());
  private final LoopbackAgents fleet =
      new LoopbackAgents(Instant.now())
          .add("web01", Scenarios.named("healthy"))
          .add("web02", Scenarios.named("healthy"));
  private BotApp app;

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
    fleet.close();
    slack.close();
  }

  /** The bot with Slack over HTTP (or Socket Mode), on-call = the user group SONCALL. */
  private void start(boolean socketMode) throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("iisbot.yaml"),
            """
            server: {port: 0, bind: 127.0.0.1, dataDir: "%s", secretEnv: BOT_SECRET}
            console: {enabled: false}
            slack:
              %s
              botTokenEnv: SLACK_BOT_TOKEN
              apiUrl: %s
            hosts:
              - {name: web01, agent: "%s", keyId: bot, secretEnv: AGENT_SECRET}
              - {name: web02, agent: "%s", keyId: bot, secretEnv: AGENT_SECRET}
            roles:
              - name: oncall
                members: ["slack-group:SONCALL"]
                allow: [{actions: ["*"], hosts: ["*"]}]
            """
                .formatted(
                    dir.resolve("data").toString().replace("\\", "/"),
                    socketMode
                        ? "appTokenEnv: SLACK_APP_TOKEN"
                        : "signingSecretEnv: SLACK_SIGNING_SECRET",
                    slack.apiUrl(),
                    fleet.agents.get("web01").uri(),
                    fleet.agents.get("web02").uri()));
    Map<String, String> env =
        Map.of(
            "BOT_SECRET", "slack-test-bot-secret-0123456789abcdef",
            "AGENT_SECRET", new String(LoopbackAgents.SECRET, StandardCharsets.UTF_8),
            "SLACK_SIGNING_SECRET", SIGNING_SECRET,
            "SLACK_BOT_TOKEN", "xoxb-test-token",
            "SLACK_APP_TOKEN", "xapp-1-test");
    slack.groupMembers("SONCALL", "UALICE", "UBOB");
    app = BotApp.start(ConfigLoader.load(file, env), Map.of(), Clock.systemUTC());
  }

  private URI events() {
    return URI.create(app.uri() + "/slack/events");
  }

  private HttpResponse<String> post(SlackRequests.Signed r) throws Exception {
    return r.postTo(events());
  }

  /** The value of the button with this action in a recorded message's blocks. */
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

  @Test
  void stop_fromSlashCommandThroughConfirm_toTheFinalMessageInTheChannel() throws Exception {
    start(false);

    HttpResponse<String> ack =
        post(requests.slashCommand("/iis", "stop web01", "UALICE", "C1", slack.responseUrl("r1")));
    SlackStub.Call prompt =
        slack.awaitCall("chat.postMessage", c -> "C1".equals(c.param("channel")), WAIT);
    String ts = tsOf(prompt);
    HttpResponse<String> click =
        post(
            requests.blockAction(
                "UALICE",
                "C1",
                ts,
                "confirm",
                buttonValue(prompt, "confirm"),
                slack.responseUrl("r2")));
    String finalTs = ts;
    SlackStub.Call done =
        slack.awaitCall(
            "chat.update",
            c -> finalTs.equals(c.param("ts")) && c.param("text").startsWith("Done:"),
            WAIT);
    SlackStub.Call thread =
        slack.awaitCall("chat.postMessage", c -> finalTs.equals(c.param("thread_ts")), WAIT);

    assertThat(ack.statusCode()).isEqualTo(200);
    assertThat(ack.body()).isEmpty();
    assertThat(prompt.authorization()).isEqualTo("Bearer xoxb-test-token");
    assertThat(prompt.param("text")).startsWith("Confirm: /iis stop web01");
    assertThat(prompt.param("blocks")).contains("\"style\":\"danger\"");
    assertThat(click.statusCode()).isEqualTo(200);
    assertThat(done.param("text")).contains("success");
    assertThat(done.param("blocks")).contains("W3SVC is STOPPED");
    assertThat(thread.param("text")).startsWith("Done:");
    assertThat(slack.responses("r1")).isEmpty();
  }

  /** The ts Slack gave a posted message. */
  private String tsOf(SlackStub.Call posted) throws Exception {
    return json.readTree(posted.answer()).get("ts").asText();
  }

  @Test
  void forgedStaleOrFutureRequests_are401_andNothingReachesSlack() throws Exception {
    start(false);
    SlackRequests.Signed good =
        requests.slashCommand("/iis", "stop web01", "UALICE", "C1", slack.responseUrl("r1"));
    SlackRequests.Signed forged =
        new SlackRequests.Signed(good.body().replace("stop+web01", "stop+web02"), good.headers());
    // A few seconds past the window, so a second ticking over between here and the server's check
    // cannot bring a request back inside it.
    long now = Instant.now().getEpochSecond();

    HttpResponse<String> badSignature = post(forged);
    HttpResponse<String> stale =
        post(
            requests
                .signedAt(now - 305)
                .slashCommand("/iis", "stop web01", "UALICE", "C1", slack.responseUrl("r1")));
    HttpResponse<String> future =
        post(
            requests
                .signedAt(now + 305)
                .slashCommand("/iis", "stop web01", "UALICE", "C1", slack.responseUrl("r1")));
    HttpResponse<String> wrongSecret =
        post(
            new SlackRequests("another-secret-another-secret-00", Clock.systemUTC())
                .slashCommand("/iis", "stop web01", "UALICE", "C1", slack.responseUrl("r1")));

    assertThat(badSignature.statusCode()).isEqualTo(401);
    assertThat(stale.statusCode()).isEqualTo(401);
    assertThat(future.statusCode()).isEqualTo(401);
    assertThat(wrongSecret.statusCode()).isEqualTo(401);
    assertThat(slack.calls()).isEmpty();
    assertThat(app.store().history(io.iisbot.bot.store.HistoryQuery.latest(10))).isEmpty();
  }

  @Test
  void unknownUser_getsAnEphemeralDenial_inTheAck() throws Exception {
    start(false);

    HttpResponse<String> ack =
        post(requests.slashCommand("/iis", "stop web01", "UMAL", "C1", slack.responseUrl("r1")));
    JsonNode body = json.readTree(ack.body());

    assertThat(ack.statusCode()).isEqualTo(200);
    assertThat(body.get("response_type").asText()).isEqualTo("ephemeral");
    assertThat(body.get("text").asText()).contains("Not allowed");
    assertThat(body.toString()).contains("you may not stop web01").contains("slack:UMAL");
    assertThat(slack.calls("chat.postMessage")).isEmpty();
  }

  @Test
  void userGroupsUnreadable_deniesRatherThanAllows() throws Exception {
    start(false);
    slack.failUserGroups();

    HttpResponse<String> ack =
        post(requests.slashCommand("/iis", "stop web01", "UALICE", "C1", slack.responseUrl("r1")));

    assertThat(json.readTree(ack.body()).toString()).contains("you may not stop web01");
    assertThat(slack.calls("chat.postMessage")).isEmpty();
  }

  @Test
  void someoneElsesConfirm_isRefused_onlyToThem() throws Exception {
    start(false);
    post(requests.slashCommand("/iis", "stop web01", "UALICE", "C1", slack.responseUrl("r1")));
    SlackStub.Call prompt = slack.awaitCall("chat.postMessage", c -> true, WAIT);

    post(
        requests.blockAction(
            "UBOB",
            "C1",
            tsOf(prompt),
            "confirm",
            buttonValue(prompt, "confirm"),
            slack.responseUrl("bob")));
    SlackStub.Call refusal = slack.awaitResponse("bob", c -> true, WAIT);

    assertThat(refusal.param("response_type")).isEqualTo("ephemeral");
    assertThat(refusal.param("replace_original")).isEqualTo("false");
    assertThat(refusal.body()).contains("Not yours to confirm").contains("only ualice can confirm");
    assertThat(slack.calls("chat.update")).isEmpty();
  }

  @Test
  void botNotInTheChannel_fallsBackToTheResponseUrl_andSaysSoOnce() throws Exception {
    start(false);
    slack.notInChannel("C9");

    post(requests.slashCommand("/iis", "stop web02", "UALICE", "C9", slack.responseUrl("r1")));
    SlackStub.Call prompt = slack.awaitResponse("r1", c -> true, WAIT);
    post(
        requests.blockAction(
            "UALICE",
            "C9",
            "1700000001.000200",
            "confirm",
            buttonValue(prompt, "confirm"),
            slack.responseUrl("r2")));
    SlackStub.Call last =
        slack.awaitResponse("r2", c -> c.body().contains("Done: /iis stop web02"), WAIT);

    assertThat(prompt.param("response_type")).isEqualTo("in_channel");
    assertThat(prompt.body()).contains("not in this channel");
    assertThat(slack.responses("r2")).hasSizeLessThanOrEqualTo(5);
    assertThat(slack.responses("r2"))
        .allMatch(c -> "true".equals(c.param("replace_original")))
        .noneMatch(c -> c.body().contains("not in this channel"));
    assertThat(last.param("response_type")).isEqualTo("in_channel");
  }

  @Test
  void repeatedDelivery_runsOnce() throws Exception {
    start(false);
    SlackRequests.Signed once =
        requests.slashCommand("/iis", "stop web01", "UALICE", "C1", slack.responseUrl("r1"));

    post(once);
    post(once.withRetry(1));
    slack.awaitCall("chat.postMessage", c -> true, WAIT);
    HttpResponse<String> status =
        post(
            requests.slashCommand("/iis", "status web02", "UALICE", "C1", slack.responseUrl("r3")));

    // The status, for the channel, is the command's own answer: posted there by Slack.
    JsonNode answer = json.readTree(status.body());
    assertThat(answer.path("response_type").asText()).isEqualTo("in_channel");
    assertThat(answer.path("text").asText()).startsWith("web02");
    assertThat(slack.calls("chat.postMessage"))
        .filteredOn(c -> c.param("text").startsWith("Confirm"))
        .hasSize(1);
    assertThat(slack.calls("chat.postMessage")).noneMatch(c -> c.param("text").startsWith("web02"));
  }

  @Test
  void socketMode_takesTheSameCommandsWithoutAPublicUrl() throws Exception {
    start(true);
    slack.awaitConnected(WAIT);
    SlackRequests.Envelope cmd =
        requests.socketEnvelopeSlashCommand(
            "/iis", "stop web01", "UALICE", "C1", slack.responseUrl("r1"));

    slack.push(cmd.json());
    String ack = slack.awaitAck(cmd.envelopeId(), WAIT);
    SlackStub.Call prompt = slack.awaitCall("chat.postMessage", c -> true, WAIT);
    SlackRequests.Envelope click =
        requests.socketEnvelopeBlockAction(
            "UALICE",
            "C1",
            tsOf(prompt),
            "confirm",
            buttonValue(prompt, "confirm"),
            slack.responseUrl("r2"));
    slack.push(click.json());
    slack.awaitAck(click.envelopeId(), WAIT);
    SlackStub.Call done =
        slack.awaitCall("chat.update", c -> c.param("text").startsWith("Done:"), WAIT);

    assertThat(ack).contains(cmd.envelopeId());
    assertThat(prompt.param("text")).startsWith("Confirm: /iis stop web01");
    assertThat(done.param("text")).contains("success");
    assertThat(HttpStatus.of(app.uri() + "/slack/events")).isEqualTo(404);
  }

  @Test
  void slashCommands_underLoad_areAllAcknowledgedWithinThreeSeconds() throws Exception {
    start(false);
    int commands = 60;
    java.util.concurrent.ExecutorService clients =
        java.util.concurrent.Executors.newFixedThreadPool(12);
    java.util.List<java.util.concurrent.Future<Long>> took = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < commands; i++) {
        String text = (i % 3 == 0 ? "stop web0" : "status web0") + (1 + i % 2);
        String user = i % 4 == 0 ? "UMAL" : "UALICE";
        took.add(
            clients.submit(
                () -> {
                  long t0 = System.nanoTime();
                  HttpResponse<String> r =
                      post(
                          requests.slashCommand(
                              "/iis", text, user, "C1", slack.responseUrl("load")));
                  assertThat(r.statusCode()).isEqualTo(200);
                  return (System.nanoTime() - t0) / 1_000_000;
                }));
      }
      java.util.List<Long> ms = new java.util.ArrayList<>();
      for (java.util.concurrent.Future<Long> f : took) {
        ms.add(f.get(60, java.util.concurrent.TimeUnit.SECONDS));
      }
      java.util.Collections.sort(ms);
      System.out.printf(
          "slack ack times over %d concurrent slash commands (12 clients): p50 %d ms, p95 %d ms,"
              + " max %d ms%n",
          commands, ms.get(commands / 2), ms.get(commands * 95 / 100), ms.get(commands - 1));
      assertThat(ms.get(commands - 1)).isLessThan(3_000);
    } finally {
      clients.shutdownNow();
    }
  }

  @Test
  void socketMode_fixtureEnvelope_isAcknowledgedWithTheAnswer() throws Exception {
    start(true);
    slack.awaitConnected(WAIT);
    String fixture;
    try (java.io.InputStream in =
        getClass()
            .getResourceAsStream("/fixtures/chat/slack/socket-mode-envelope-slash-command.json")) {
      fixture = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    // As Slack sent it, for our command name: an empty /iis from an unknown user in C111.
    slack.push(fixture.replace("/hi-socket-mode", "/iis"));
    JsonNode ack = json.readTree(slack.awaitAck("xxx-11-222-yyy-zzz", WAIT));

    assertThat(ack.get("payload").get("response_type").asText()).isEqualTo("ephemeral");
    assertThat(ack.get("payload").get("text").asText()).isNotBlank();
    assertThat(slack.calls("chat.postMessage")).isEmpty();
  }

  /** Status of a bare POST, to show a route is absent. */
  static final class HttpStatus {
    static int of(String url) throws Exception {
      return java.net.http.HttpClient.newHttpClient()
          .send(
              java.net.http.HttpRequest.newBuilder(URI.create(url))
                  .POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    }
  }
}
