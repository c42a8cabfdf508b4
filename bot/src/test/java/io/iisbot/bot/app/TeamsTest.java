package io.iisbot.bot.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iisbot.adapters.teams.TeamsActivities;
import io.iisbot.adapters.teams.TeamsActivities.Person;
import io.iisbot.adapters.teams.TeamsKeys;
import io.iisbot.adapters.teams.TeamsStub;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bot in Microsoft Teams: activities posted to {@code /teams/messages} with tokens minted as
 * the Bot Framework mints them, answered through a Bot Connector stand-in that records every
 * activity sent and updated.
 */
final class TeamsTest {

  static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  private final ObjectMapper json = new ObjectMapper();
  private final TeamsStub teams = new TeamsStub();
  private final TeamsActivities activities = new TeamsActivities(teams.serviceUrl());
  private final LoopbackAgents fleet =
      new LoopbackAgents(Instant.now())
          .add("web01", Scenarios.named("healthy"))
          .add("web02", Scenarios.named("healthy"));
  private BotApp app;

  @BeforeEach
  void start() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("iisbot.yaml"),
            """
            server: {port: 0, bind: 127.0.0.1, dataDir: "%s", secretEnv: BOT_SECRET}
            console: {enabled: false}
            teams:
              appId: %s
              appPasswordEnv: TEAMS_APP_PASSWORD
              tenantId: %s
              openIdMetadataUrl: %s
              tokenUrl: "%s"
              # Unreachable: the channel's connector must be the one its activities named.
              serviceUrl: http://127.0.0.1:9/connector/
            announce:
              - {platform: teams, channel: "%s"}
            groups: {production: hosts that serve customers}
            hosts:
              - {name: web01, agent: "%s", keyId: bot, secretEnv: AGENT_SECRET}
              - {name: web02, agent: "%s", keyId: bot, secretEnv: AGENT_SECRET, groups: [production]}
            roles:
              - name: oncall
                members: ["teams-team:%s"]
                allow: [{actions: ["*"], hosts: ["*"]}]
            policies:
              - {name: prod, actions: [stop], hosts: ["@production"], secondApprover: true}
            """
                .formatted(
                    dir.resolve("data").toString().replace("\\", "/"),
                    TeamsStub.APP_ID,
                    TeamsStub.TENANT_ID,
                    teams.openIdUrl(),
                    teams.tokenUrl(),
                    TeamsStub.CHANNEL_ID,
                    fleet.agents.get("web01").uri(),
                    fleet.agents.get("web02").uri(),
                    TeamsStub.TEAM_ID));
    Map<String, String> env =
        Map.of(
            "BOT_SECRET",
            "teams-test-bot-secret-0123456789abcdef",
            "AGENT_SECRET",
            new String(LoopbackAgents.SECRET, StandardCharsets.UTF_8),
            "TEAMS_APP_PASSWORD",
            TeamsStub.APP_PASSWORD);
    app = BotApp.start(ConfigLoader.load(file, env), Map.of(), Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
    fleet.close();
    teams.close();
  }

  private URI endpoint() {
    return URI.create(app.uri() + "/teams/messages");
  }

  private String token() {
    return teams.keys().token(TeamsStub.APP_ID, teams.serviceUrl());
  }

  private HttpResponse<String> send(JsonNode activity) {
    HttpResponse<String> r = activities.post(endpoint(), activity, token());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r;
  }

  /**
   * Sends a click and returns the invoke's answer ({@code statusCode}, {@code type}, {@code
   * value}).
   */
  private JsonNode click(Person who, TeamsStub.Call card, String label) throws Exception {
    return json.readTree(
        send(activities.click(who, card.conversation(), card.activityId(), card.body(), label))
            .body());
  }

  private TeamsStub.Call awaitCard(String method, String conversation, String title) {
    return teams.await(
        c ->
            c.method().equals(method)
                && c.status() < 300
                && c.conversation().equals(conversation)
                && c.body().toString().contains(title),
        WAIT,
        method + " of a card saying " + title + " in " + conversation);
  }

  @Test
  void stop_fromMentionThroughConfirm_toTheCardUpdatedInPlace_andAnnouncedInTheChannel()
      throws Exception {
    JsonNode typed = activities.channelMessage(TeamsActivities.MEGAN, "stop web01");
    String thread = typed.at("/conversation/id").asText();

    send(typed);
    TeamsStub.Call prompt = awaitCard("POST", thread, "Confirm: /iis stop web01");
    JsonNode running = click(TeamsActivities.MEGAN, prompt, "Confirm");
    TeamsStub.Call done = awaitCard("PUT", thread, "Done: /iis stop web01");
    TeamsStub.Call announced = awaitCard("POST", TeamsStub.CHANNEL_ID, "Done: /iis stop web01");

    assertThat(announced.body().toString()).contains("Megan Bowen");
    assertThat(prompt.authorization()).isEqualTo("Bearer " + TeamsStub.ACCESS_TOKEN);
    assertThat(prompt.body().at("/attachments/0/contentType").asText())
        .isEqualTo("application/vnd.microsoft.card.adaptive");
    assertThat(running.get("statusCode").asInt()).isEqualTo(200);
    assertThat(running.get("type").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
    assertThat(running.get("value").toString()).contains("Running");
    assertThat(done.activityId()).isEqualTo(prompt.activityId());
    assertThat(done.body().toString()).contains("W3SVC is STOPPED");
    assertThat(teams.tokenRequests()).isEqualTo(1);
    assertThat(teams.lastTokenForm()).doesNotContain("Bearer");
  }

  @Test
  void confirm_bySomeoneElse_isRefusedOnlyToThem() throws Exception {
    JsonNode typed = activities.channelMessage(TeamsActivities.MEGAN, "stop web01");
    send(typed);
    TeamsStub.Call prompt = awaitCard("POST", typed.at("/conversation/id").asText(), "Confirm:");

    JsonNode refused = click(TeamsActivities.ADELE, prompt, "Confirm");

    assertThat(refused.get("type").asText())
        .isEqualTo("application/vnd.microsoft.activity.message");
    assertThat(refused.get("value").asText()).contains("Not yours to confirm");
    assertThat(teams.calls(c -> c.method().equals("PUT"))).isEmpty();
  }

  @Test
  void stop_inProduction_needsASecondApprover_fromAnotherPerson() throws Exception {
    JsonNode typed = activities.channelMessage(TeamsActivities.MEGAN, "stop web02");
    String thread = typed.at("/conversation/id").asText();
    send(typed);
    TeamsStub.Call prompt = awaitCard("POST", thread, "Confirm: /iis stop web02");

    JsonNode waiting = click(TeamsActivities.MEGAN, prompt, "Confirm");
    TeamsStub.Call approval = awaitCard("PUT", thread, "Approve");
    JsonNode self = click(TeamsActivities.MEGAN, approval, "Approve");
    click(TeamsActivities.ADELE, approval, "Approve");
    TeamsStub.Call done = awaitCard("PUT", thread, "Done: /iis stop web02");

    assertThat(waiting.get("value").toString()).contains("Approve");
    assertThat(self.get("value").asText()).contains("someone else");
    assertThat(done.body().toString()).contains("Adele Vance");
  }

  @Test
  void personalChat_withoutATeam_isDeniedPrivately() throws Exception {
    JsonNode typed = activities.personalMessage(TeamsActivities.GUEST, "stop web01");

    send(typed);
    TeamsStub.Call denied =
        awaitCard(
            "POST", TeamsActivities.personalChat(TeamsActivities.GUEST), "may not stop web01");

    assertThat(teams.calls(c -> c.method().equals("PUT"))).isEmpty();
    assertThat(denied.body().toString()).contains("you may not stop web01");
  }

  @Test
  void deniedInAChannel_isAnsweredInThePersonalChat() throws Exception {
    Person outsider = TeamsActivities.GUEST;
    JsonNode typed = activities.channelMessage(outsider, "stop web01");
    ((com.fasterxml.jackson.databind.node.ObjectNode) typed.get("channelData"))
        .putObject("team")
        .put("id", "19:ffffffffffffffffffffffffffffffff@thread.tacv2");

    send(typed);
    TeamsStub.Call opened =
        teams.await(
            c -> c.method().equals("POST") && c.conversation().startsWith("a:personal-"),
            WAIT,
            "a personal chat opened");

    assertThat(opened.body().at("/members/0/id").asText()).isEqualTo(outsider.teamsId());
    TeamsStub.Call privately = awaitCard("POST", opened.conversation(), "may not stop web01");
    assertThat(privately.body().toString()).contains("only you");
    assertThat(teams.calls(c -> c.conversation().startsWith(TeamsStub.CHANNEL_ID))).isEmpty();
  }

  @Test
  void tokens_thatAreMissingForgedOrNotForThisBot_are401_andNothingRuns() throws Exception {
    JsonNode typed = activities.channelMessage(TeamsActivities.MEGAN, "stop web01");
    TeamsKeys keys = teams.keys();
    String app = TeamsStub.APP_ID;
    String url = teams.serviceUrl();
    int fetchesBefore = waitForKeys();

    Map<String, String> bad =
        Map.of(
            "wrong signature", keys.token(app, url, TeamsKeys.Flaw.WRONG_SIGNATURE),
            "wrong audience", keys.token(app, url, TeamsKeys.Flaw.WRONG_AUDIENCE),
            "wrong issuer", keys.token(app, url, TeamsKeys.Flaw.WRONG_ISSUER),
            "expired", keys.token(app, url, TeamsKeys.Flaw.EXPIRED),
            "not yet valid", keys.token(app, url, TeamsKeys.Flaw.NOT_YET_VALID),
            "HS256", keys.token(app, url, TeamsKeys.Flaw.WRONG_ALGORITHM),
            "serviceUrl mismatch", keys.token(app, "https://smba.trafficmanager.net/evil/"),
            "garbage", "not.a.jwt");
    for (Map.Entry<String, String> b : bad.entrySet()) {
      assertThat(activities.post(endpoint(), typed, b.getValue()).statusCode())
          .as(b.getKey())
          .isEqualTo(401);
    }
    assertThat(activities.post(endpoint(), typed, null).statusCode()).as("no token").isEqualTo(401);
    int afterBad = teams.metadataFetches();
    String unknown = keys.token(app, url, TeamsKeys.Flaw.UNKNOWN_KID);
    assertThat(activities.post(endpoint(), typed, unknown).statusCode()).isEqualTo(401);
    int afterUnknown = teams.metadataFetches();
    for (int i = 0; i < 3; i++) {
      activities.post(endpoint(), typed, keys.token(app, url, TeamsKeys.Flaw.UNKNOWN_KID));
    }

    assertThat(afterBad).as("no fetch for tokens with a known key").isEqualTo(fetchesBefore);
    assertThat(afterUnknown).as("an unknown kid fetches the keys again").isEqualTo(afterBad + 1);
    assertThat(teams.metadataFetches()).as("at most once a minute").isEqualTo(afterUnknown);
    assertThat(teams.calls(c -> true)).isEmpty();
  }

  @Test
  void rotatedKey_isFoundByFetchingTheKeysAgain() throws Exception {
    int before = waitForKeys();
    teams.keys().rotate(true);

    send(activities.personalMessage(TeamsActivities.MEGAN, "help"));

    assertThat(teams.metadataFetches()).isEqualTo(before + 1);
    awaitCard("POST", TeamsActivities.personalChat(TeamsActivities.MEGAN), "");
  }

  @Test
  void connectorSaying429_isRetriedAfterRetryAfter() throws Exception {
    teams.busy(1, 429);
    JsonNode typed = activities.channelMessage(TeamsActivities.MEGAN, "status web01");

    send(typed);
    TeamsStub.Call posted = awaitCard("POST", typed.at("/conversation/id").asText(), "web01");

    assertThat(teams.calls(c -> c.status() == 429)).hasSize(1);
    assertThat(posted.status()).isEqualTo(201);
  }

  @Test
  void conversationUpdate_andChannelMessagesNotForTheBot_areAcknowledgedAndIgnored() {
    com.fasterxml.jackson.databind.node.ObjectNode chatter =
        activities.channelMessage(TeamsActivities.MEGAN, "stop web01");
    chatter.put("text", "stop web01 is what I would do");
    chatter.remove("entities");

    HttpResponse<String> added =
        activities.post(endpoint(), activities.botAdded(TeamsActivities.MEGAN), token());
    HttpResponse<String> unaddressed = activities.post(endpoint(), chatter, token());

    assertThat(added.statusCode()).isEqualTo(200);
    assertThat(unaddressed.statusCode()).isEqualTo(200);
    assertThat(teams.calls(c -> true)).isEmpty();
  }

  /** The keys are fetched once at start; returns how many metadata fetches that took. */
  private int waitForKeys() throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (teams.keyFetches() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    return teams.metadataFetches();
  }
}
