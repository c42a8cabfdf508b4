package io.iisbot.bot.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iisbot.adapters.slack.SlackRequests;
import io.iisbot.adapters.slack.SlackStub;
import io.iisbot.adapters.testing.MovableClock;
import io.iisbot.bot.fleet.LoopbackAgents;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console judges each request by what the person may do now, as chat does: groups read from
 * Slack at the request (not kept from sign-in), reads limited to the hosts a person may {@code
 * status} or read the {@code history} of. Through real HTTP: Slack's signed requests against a stub
 * Web API, the console's API with a session, agents on loopback.
 */
final class ConsolePermissionsTest {

  static final String SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
  static final Duration WAIT = Duration.ofSeconds(30);
  static final Pattern TOKEN = Pattern.compile("signin\\?t=([A-Za-z0-9_-]+)");

  @TempDir Path dir;

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final MovableClock clock = new MovableClock(Instant.now());
  private final SlackStub slack = new SlackStub();
  private final SlackRequests requests = new SlackRequests(SIGNING_SECRET, clock);
  private final LoopbackAgents fleet =
      new LoopbackAgents(Instant.now())
          .add("web01", Scenarios.named("healthy"))
          .add("web02", Scenarios.named("healthy"));
  private BotApp app;
  private int replies;

  /** A console session: its cookie and CSRF token. */
  private record Session(String cookie, String csrf) {}

  /**
   * On call (the Slack group SONCALL) may do anything; Carol may look at web02 only; Dave may open
   * the console and nothing else.
   */
  @BeforeEach
  void start() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("iisbot.yaml"),
            """
            server: {port: 0, bind: 127.0.0.1, dataDir: "%s", secretEnv: BOT_SECRET}
            console: {enabled: true, sessionTtl: 12h}
            slack:
              signingSecretEnv: SLACK_SIGNING_SECRET
              botTokenEnv: SLACK_BOT_TOKEN
              apiUrl: %s
            hosts:
              - {name: web01, agent: "%s", keyId: bot, secretEnv: AGENT_SECRET}
              - {name: web02, agent: "%s", keyId: bot, secretEnv: AGENT_SECRET}
            roles:
              - name: oncall
                members: ["slack-group:SONCALL"]
                allow: [{actions: ["*"], hosts: ["*"]}]
              - name: web02-watch
                members: ["slack:UCAROL"]
                allow: [{actions: [console, status, history], hosts: [web02]}]
              - name: console-only
                members: ["slack:UDAVE"]
                allow: [{actions: [console], hosts: ["*"]}]
            """
                .formatted(
                    dir.resolve("data").toString().replace("\\", "/"),
                    slack.apiUrl(),
                    fleet.agents.get("web01").uri(),
                    fleet.agents.get("web02").uri()));
    Map<String, String> env =
        Map.of(
            "BOT_SECRET",
            "console-permissions-test-secret-0123456789",
            "AGENT_SECRET",
            new String(LoopbackAgents.SECRET, StandardCharsets.UTF_8),
            "SLACK_SIGNING_SECRET",
            SIGNING_SECRET,
            "SLACK_BOT_TOKEN",
            "xoxb-test-token");
    slack.groupMembers("SONCALL", "UALICE", "UBOB");
    app = BotApp.start(ConfigLoader.load(file, env), Map.of(), clock);
  }

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
    fleet.close();
    slack.close();
  }

  /** Sends a slash command to the bot as Slack would; returns the acknowledgement's body. */
  private String slashCommand(String user, String text, String responseName) throws Exception {
    HttpResponse<String> ack =
        requests
            .slashCommand("/iis", text, user, "C1", slack.responseUrl(responseName))
            .postTo(URI.create(app.uri() + "/slack/events"));
    assertThat(ack.statusCode()).isEqualTo(200);
    return ack.body();
  }

  /** What the bot answered only to the user: in the acknowledgement, or after it. */
  private String privateAnswer(String user, String text) throws Exception {
    String name = "r" + (++replies);
    String ack = slashCommand(user, text, name);
    return ack.isEmpty() ? slack.awaitResponse(name, c -> true, WAIT).body() : ack;
  }

  /** The token of the sign-in link {@code /iis console} gives the user in Slack. */
  private String link(String user) throws Exception {
    // Slack's client writes JSON with '=' escaped.
    String answer = privateAnswer(user, "console").replace("\\u003d", "=");
    Matcher t = TOKEN.matcher(answer);
    assertThat(t.find()).as(answer).isTrue();
    return t.group(1);
  }

  private Session signIn(String token) throws Exception {
    HttpResponse<String> r =
        send(
            request("/console/signin")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "t=" + URLEncoder.encode(token, StandardCharsets.UTF_8))));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
    String set = r.headers().firstValue("Set-Cookie").orElseThrow();
    String cookie = set.substring(0, set.indexOf(';'));
    String csrf =
        json.readTree(send(request("/api/session").header("Cookie", cookie)).body())
            .get("csrf")
            .asText();
    return new Session(cookie, csrf);
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(app.uri() + path)).timeout(Duration.ofSeconds(20));
  }

  private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(Session s, String path) throws Exception {
    return send(request(path).header("Cookie", s.cookie()));
  }

  private HttpResponse<String> post(Session s, String path, Object body) throws Exception {
    return send(
        request(path)
            .header("Cookie", s.cookie())
            .header("X-CSRF-Token", s.csrf())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))));
  }

  /** The first message the console answered a command with. */
  private JsonNode command(Session s, String text) throws Exception {
    HttpResponse<String> r = post(s, "/api/commands", Map.of("text", text));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json.readTree(r.body()).get("messages").get(0);
  }

  @Test
  void finding02_removedFromGroup_consoleRefusesAfterCacheTime() throws Exception {
    Session alice = signIn(link("UALICE"));
    String laterLink = link("UALICE");
    JsonNode before = command(alice, "/iis stop web01");

    slack.groupMembers("SONCALL", "UBOB");
    clock.advance(Duration.ofMinutes(1));
    JsonNode withinCacheTime = command(alice, "/iis stop web01");
    slashCommand("UALICE", "stop web02", "within");
    SlackStub.Call chatWithin =
        slack.awaitCall("chat.postMessage", c -> c.param("text").contains("stop web02"), WAIT);
    clock.advance(Duration.ofMinutes(5));
    JsonNode after = command(alice, "/iis stop web01");
    // A link issued while on call, opened after leaving: the session gets no groups from it.
    Session fresh = signIn(laterLink);
    JsonNode freshSession = command(fresh, "/iis stop web01");

    assertThat(before.get("title").asText()).isEqualTo("Confirm: /iis stop web01");
    // Within the cache's five minutes the console and chat still agree: the same cache.
    assertThat(withinCacheTime.get("title").asText()).isEqualTo("Confirm: /iis stop web01");
    assertThat(chatWithin.param("text")).startsWith("Confirm: /iis stop web02");
    for (JsonNode refused : List.of(after, freshSession)) {
      assertThat(refused.get("title").asText()).isEqualTo("Not allowed");
      assertThat(refused.get("status").asText()).isEqualTo("denied");
      assertThat(refused.get("lines").toString())
          .contains("you may not stop web01")
          .contains("slack:UALICE")
          .doesNotContain("slack-group:SONCALL");
    }
    // Chat, asked at the same moment, refuses in the same words.
    JsonNode chatAfter = json.readTree(privateAnswer("UALICE", "stop web01"));
    assertThat(chatAfter.get("text").asText())
        .startsWith("Not allowed")
        .contains(after.get("lines").get(0).asText());
  }

  @Test
  void finding02_consoleFollowsTheGroupBothWays_withoutSigningInAgain() throws Exception {
    slack.groupMembers("SONCALL", "UBOB", "UCAROL");
    Session carol = signIn(link("UCAROL"));
    slack.groupMembers("SONCALL", "UBOB");
    clock.advance(Duration.ofMinutes(6));
    JsonNode refused = command(carol, "/iis stop web02");

    slack.groupMembers("SONCALL", "UBOB", "UCAROL");
    clock.advance(Duration.ofMinutes(6));
    JsonNode prompted = command(carol, "/iis stop web02");

    assertThat(refused.get("title").asText()).isEqualTo("Not allowed");
    assertThat(prompted.get("title").asText()).isEqualTo("Confirm: /iis stop web02");
  }

  @Test
  void finding10_consoleOnlyOnWeb02_readsOnlyWeb02() throws Exception {
    Session alice = signIn(link("UALICE"));
    Session carol = signIn(link("UCAROL"));
    command(alice, "/iis stop web02");
    command(alice, "/iis stop web0*");
    command(carol, "/iis stop web01"); // denied, and recorded against web01
    privateAnswer("UMAL", "console"); // denied, recorded against no host
    JsonNode prompt = command(alice, "/iis suspend web01");
    JsonNode confirm = prompt.get("buttons").get(0);
    JsonNode running =
        json.readTree(
                post(
                        alice,
                        "/api/actions",
                        Map.of(
                            "message", prompt.get("id").asText(),
                            "action", confirm.get("action").asText(),
                            "value", confirm.get("value").asText()))
                    .body())
            .get("messages")
            .get(0);
    String operation = null;
    for (JsonNode f : running.get("fields")) {
      if (f.get("name").asText().equals("Operation")) {
        operation = f.get("value").asText();
      }
    }

    JsonNode carolsFleet = json.readTree(get(carol, "/api/fleet").body()).get("hosts");
    JsonNode carolsHistory =
        json.readTree(get(carol, "/api/history?limit=100").body()).get("entries");
    HttpResponse<String> carolOnWeb01 = get(carol, "/api/history?host=web01");
    HttpResponse<String> carolsOperation = get(carol, "/api/operations/" + operation);
    JsonNode alicesFleet = json.readTree(get(alice, "/api/fleet").body()).get("hosts");
    JsonNode alicesHistory =
        json.readTree(get(alice, "/api/history?limit=100").body()).get("entries");
    HttpResponse<String> alicesOperation = get(alice, "/api/operations/" + operation);

    assertThat(carolsFleet).extracting(h -> h.get("name").asText()).containsExactly("web02");
    assertThat(carolsHistory).isNotEmpty();
    assertThat(carolsHistory)
        .allSatisfy(e -> assertThat(e.path("host").asText()).isEqualTo("web02"));
    assertThat(carolOnWeb01.statusCode()).isEqualTo(403);
    assertThat(json.readTree(carolOnWeb01.body()).get("message").asText())
        .contains("no role grants \"history\" on web01")
        .contains("slack:UCAROL");
    assertThat(operation).isNotNull();
    assertThat(carolsOperation.statusCode()).isEqualTo(403);
    assertThat(json.readTree(carolsOperation.body()).get("message").asText())
        .contains("no role grants \"status\" on web01");
    assertThat(alicesFleet)
        .extracting(h -> h.get("name").asText())
        .containsExactly("web01", "web02");
    List<String> hosts = new ArrayList<>();
    alicesHistory.forEach(e -> hosts.add(e.path("host").asText()));
    assertThat(hosts).contains("web01", "web02", "web01,web02", "");
    assertThat(alicesOperation.statusCode()).isEqualTo(200);
  }

  @Test
  void finding10_consoleWithoutStatusOrHistory_isToldWhatToAskFor() throws Exception {
    Session dave = signIn(link("UDAVE"));

    HttpResponse<String> fleetRead = get(dave, "/api/fleet");
    HttpResponse<String> historyRead = get(dave, "/api/history");

    assertThat(fleetRead.statusCode()).isEqualTo(403);
    assertThat(json.readTree(fleetRead.body()).get("message").asText())
        .isEqualTo(
            "you may not see the fleet: no role grants \"status\" on any host. Ask an iisbot"
                + " admin to add one of your ids to a role that does: slack:UDAVE");
    assertThat(historyRead.statusCode()).isEqualTo(403);
    assertThat(json.readTree(historyRead.body()).get("message").asText())
        .startsWith("you may not read the history: no role grants \"history\" on any host.");
  }
}
