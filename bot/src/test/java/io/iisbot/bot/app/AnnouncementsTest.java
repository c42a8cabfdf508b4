package io.iisbot.bot.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iisbot.adapters.discord.DiscordStub;
import io.iisbot.adapters.slack.SlackRequests;
import io.iisbot.adapters.slack.SlackStub;
import io.iisbot.bot.fleet.LoopbackAgents;
import io.iisbot.config.ConfigLoader;
import io.iisbot.iis.sim.Scenarios;
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
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One bot with Slack, Discord and the console: an operation started and confirmed in the console is
 * announced when it starts and when it ends in the Slack and the Discord announce channels, with
 * who, why, the outcome and a link to the console's view of it.
 */
final class AnnouncementsTest {

  static final String SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
  static final String PUBLIC_URL = "https://iisbot.example.com";
  static final Duration WAIT = Duration.ofSeconds(30);
  private static final Pattern SIGN_IN = Pattern.compile("signin\\?t=([A-Za-z0-9_-]+)");

  @TempDir Path dir;

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final SlackStub slack = new SlackStub();
  private final SlackRequests slackRequests = new SlackRequests(SIGNING_SECRET, Clock.systemUTC());
  private final DiscordStub discord = new DiscordStub();
  private final LoopbackAgents fleet =
      new LoopbackAgents(Instant.now()).add("web01", Scenarios.named("healthy"));
  private BotApp app;
  private String cookie;
  private String csrf;

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
    fleet.close();
    discord.close();
    slack.close();
  }

  @Test
  void operationFromTheConsole_isAnnouncedOnSlackAndDiscord_atStartAndEnd() throws Exception {
    start();
    signInToTheConsole();

    JsonNode prompt = command("/iis stop web01 --reason \"patching KB5034441\"");
    JsonNode confirm = prompt.get("buttons").get(0);
    click(prompt.get("id").asText(), confirm);

    SlackStub.Call slackStart =
        slack.awaitCall(
            "chat.postMessage",
            c -> "CANNOUNCE".equals(c.param("channel")) && c.param("text").startsWith("Started:"),
            WAIT);
    SlackStub.Call slackEnd =
        slack.awaitCall(
            "chat.postMessage",
            c -> "CANNOUNCE".equals(c.param("channel")) && c.param("text").startsWith("Done:"),
            WAIT);
    DiscordStub.Call discordStart =
        discord.awaitCall(
            "POST",
            c ->
                c.path().equals("/channels/" + DiscordStub.CHANNEL_ID + "/messages")
                    && c.body().contains("Started: /iis stop web01"),
            WAIT);
    DiscordStub.Call discordEnd =
        discord.awaitCall(
            "POST",
            c ->
                c.path().equals("/channels/" + DiscordStub.CHANNEL_ID + "/messages")
                    && c.body().contains("Done: /iis stop web01"),
            WAIT);

    assertThat(slackStart.param("text")).startsWith("Started: /iis stop web01");
    assertThat(blocks(slackStart))
        .contains("by <@UALICE> · web01 · reason: patching KB5034441")
        .contains(PUBLIC_URL + "/#op=op-");
    assertThat(blocks(slackEnd))
        .contains("succeeded on 1 host in ")
        .contains("by <@UALICE> · reason: patching KB5034441");
    String discordLine =
        discordEnd.json().at("/embeds/0/description").asText().replaceAll("\\\\(\\p{Punct})", "$1");
    assertThat(discordLine)
        .contains("succeeded on 1 host in ")
        .contains("by ualice")
        .contains("reason: patching KB5034441")
        .contains(PUBLIC_URL + "/#op=op-");
    assertThat(discordStart.json().at("/allowed_mentions/parse").isArray()).isTrue();
    assertThat(discordStart.json().at("/allowed_mentions/parse")).isEmpty();
    // The operation's own message is in the console, where nothing else was posted about it.
    JsonNode done = awaitFinal(prompt.get("id").asText());
    assertThat(done.get("title").asText()).startsWith("Done: /iis stop web01");
  }

  @Test
  void operationInTheAnnounceChannel_isNotAnnouncedThereAgain_andShowsItsPeopleOneWay()
      throws Exception {
    start();

    slackRequests
        .slashCommand("/iis", "stop web01", "UALICE", "CANNOUNCE", slack.responseUrl("r1"))
        .postTo(URI.create(app.uri() + "/slack/events"));
    SlackStub.Call prompt =
        slack.awaitCall("chat.postMessage", c -> "CANNOUNCE".equals(c.param("channel")), WAIT);
    String ts = json.readTree(prompt.answer()).get("ts").asText();
    slackRequests
        .blockAction(
            "UALICE", "CANNOUNCE", ts, "confirm", confirmValue(prompt), slack.responseUrl("r2"))
        .postTo(URI.create(app.uri() + "/slack/events"));
    SlackStub.Call done =
        slack.awaitCall(
            "chat.update",
            c -> ts.equals(c.param("ts")) && c.param("text").startsWith("Done:"),
            WAIT);
    discord.awaitCall(
        "POST",
        c ->
            c.path().equals("/channels/" + DiscordStub.CHANNEL_ID + "/messages")
                && c.body().contains("Done: /iis stop web01"),
        WAIT);

    assertThat(blocks(prompt)).contains("Requested by <@UALICE>");
    assertThat(blocks(done))
        .contains("Requested by\\n<@UALICE>")
        .contains("Confirmed by\\n<@UALICE>");
    assertThat(slack.calls("chat.postMessage"))
        .filteredOn(c -> "CANNOUNCE".equals(c.param("channel")))
        .noneMatch(
            c -> c.param("text").startsWith("Started:") || c.param("text").startsWith("Done:"));
  }

  private String confirmValue(SlackStub.Call call) throws Exception {
    for (JsonNode block : json.readTree(call.param("blocks"))) {
      for (JsonNode e : block.path("elements")) {
        if (e.path("action_id").asText().equals("confirm")) {
          return e.get("value").asText();
        }
      }
    }
    throw new AssertionError("no confirm button in " + call.param("blocks"));
  }

  /** A Slack message's blocks as JSON text, without the SDK's escapes ({@code \u003d}). */
  private String blocks(SlackStub.Call call) throws Exception {
    return json.readTree(call.param("blocks")).toString();
  }

  private JsonNode awaitFinal(String id) throws Exception {
    JsonNode m = null;
    for (int i = 0; i < 300 && (m == null || !m.get("final").asBoolean()); i++) {
      Thread.sleep(100);
      m = json.readTree(send(request("/api/messages/" + id).header("Cookie", cookie).GET()).body());
    }
    return m;
  }

  private void start() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("iisbot.yaml"),
            """
            server:
              port: 0
              bind: 127.0.0.1
              dataDir: "%s"
              secretEnv: BOT_SECRET
              publicUrl: %s
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
              - {name: web01, agent: "%s", keyId: bot, secretEnv: AGENT_SECRET}
            people:
              - {name: alice, ids: ["slack:UALICE"]}
            roles:
              - name: oncall
                members: ["slack:UALICE"]
                allow: [{actions: ["*"], hosts: ["*"]}]
            announce:
              - {platform: slack, channel: CANNOUNCE}
              - {platform: discord, channel: "%s"}
            """
                .formatted(
                    dir.resolve("data").toString().replace("\\", "/"),
                    PUBLIC_URL,
                    slack.apiUrl(),
                    DiscordStub.APPLICATION_ID,
                    discord.signer().publicKeyHex(),
                    DiscordStub.GUILD_ID,
                    discord.restUrl(),
                    fleet.agents.get("web01").uri(),
                    DiscordStub.CHANNEL_ID));
    app =
        BotApp.start(
            ConfigLoader.load(
                file,
                Map.of(
                    "BOT_SECRET", "announce-test-bot-secret-0123456789ab",
                    "AGENT_SECRET", new String(LoopbackAgents.SECRET, StandardCharsets.UTF_8),
                    "SLACK_SIGNING_SECRET", SIGNING_SECRET,
                    "SLACK_BOT_TOKEN", "xoxb-test-token",
                    "DISCORD_BOT_TOKEN", "test-token")),
            Map.of(),
            Clock.systemUTC());
  }

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
    csrf = session.path("csrf").asText();
  }

  private JsonNode command(String text) throws Exception {
    return post("/api/commands", Map.of("text", text)).at("/messages/0");
  }

  private JsonNode click(String message, JsonNode button) throws Exception {
    return post(
            "/api/actions",
            Map.of(
                "message",
                message,
                "action",
                button.get("action").asText(),
                "value",
                button.get("value").asText()))
        .at("/messages/0");
  }

  private JsonNode post(String path, Map<String, String> body) throws Exception {
    HttpResponse<String> r =
        send(
            request(path)
                .header("Content-Type", "application/json")
                .header("Cookie", cookie)
                .header("X-CSRF-Token", csrf)
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json.readTree(r.body());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(app.uri() + path)).timeout(Duration.ofSeconds(10));
  }

  private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
