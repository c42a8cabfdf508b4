package io.iisbot.bot.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iisbot.adapters.slack.SlackRequests;
import io.iisbot.adapters.slack.SlackStub;
import io.iisbot.config.ConfigLoader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What Slack really sent (the fixtures), posted to the bot's real route. */
final class SlackFixturesRouteTest {

  @TempDir Path dir;

  private final ObjectMapper json = new ObjectMapper();
  private final SlackStub slack = new SlackStub();
  private BotApp app;

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
    slack.close();
  }

  private static String fixture(String name) throws IOException {
    try (InputStream in =
        SlackFixturesRouteTest.class.getResourceAsStream("/fixtures/chat/slack/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private void start(String secret, String command, Clock clock) throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("iisbot.yaml"),
            """
            server: {port: 0, bind: 127.0.0.1, dataDir: "%s", secretEnv: BOT_SECRET}
            console: {enabled: false}
            slack:
              signingSecretEnv: SLACK_SIGNING_SECRET
              botTokenEnv: SLACK_BOT_TOKEN
              apiUrl: %s
              command: %s
            hosts:
              - {name: web01, agent: "http://127.0.0.1:9", keyId: bot, secretEnv: BOT_SECRET}
            """
                .formatted(
                    dir.resolve("data").toString().replace("\\", "/"), slack.apiUrl(), command));
    app =
        BotApp.start(
            ConfigLoader.load(
                file,
                Map.of(
                    "BOT_SECRET", "slack-fixtures-bot-secret-0123456789ab",
                    "SLACK_SIGNING_SECRET", secret,
                    "SLACK_BOT_TOKEN", "xoxb-test-token")),
            Map.of(),
            clock);
  }

  private URI events() {
    return URI.create(app.uri() + "/slack/events");
  }

  @Test
  void officialSigningVector_isAccepted_atItsTime_andAnsweredPrivately() throws Exception {
    JsonNode v = json.readTree(fixture("signing-vector.json"));
    long ts = v.get("x_slack_request_timestamp").asLong();
    start(
        v.get("signing_secret").asText(),
        "/webhook-collect",
        Clock.fixed(Instant.ofEpochSecond(ts + 10), ZoneOffset.UTC));
    SlackRequests.Signed exact =
        new SlackRequests.Signed(
            fixture("signing-vector-body.txt"),
            Map.of(
                "Content-Type", "application/x-www-form-urlencoded",
                "X-Slack-Request-Timestamp", Long.toString(ts),
                "X-Slack-Signature", v.get("expected_x_slack_signature").asText()));

    HttpResponse<String> r = exact.postTo(events());

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json.readTree(r.body()).get("response_type").asText()).isEqualTo("ephemeral");
  }

  @Test
  void boltsSlashCommandBody_signedNow_reachesTheBot() throws Exception {
    start("fixture-secret-0123456789abcdef", "/weather-123", Clock.systemUTC());
    SlackRequests requests =
        new SlackRequests("fixture-secret-0123456789abcdef", Clock.systemUTC());

    HttpResponse<String> r =
        requests.sign(fixture("slash-command-body-bolt-test.txt").strip()).postTo(events());

    assertThat(r.statusCode()).isEqualTo(200);
    // "94070" is not a command: the caller alone is told how to use it.
    assertThat(json.readTree(r.body()).toString()).contains("Not understood").contains("Usage");
  }

  @Test
  void blockActionsFixture_signedNow_isAcknowledged_andAnsweredThroughItsResponseUrl()
      throws Exception {
    start("fixture-secret-0123456789abcdef", "/iis", Clock.systemUTC());
    ObjectNode payload = (ObjectNode) json.readTree(fixture("block-actions-payload.json"));
    payload.put("response_url", slack.responseUrl("fixture"));
    SlackRequests requests =
        new SlackRequests("fixture-secret-0123456789abcdef", Clock.systemUTC());

    HttpResponse<String> r =
        requests
            .sign("payload=" + URLEncoder.encode(payload.toString(), StandardCharsets.UTF_8))
            .postTo(events());
    SlackStub.Call answer = slack.awaitResponse("fixture", c -> true, Duration.ofSeconds(20));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(answer.param("response_type")).isEqualTo("ephemeral");
    // Its action id "WaXA" is no button of iisbot's: the clicker alone is told so.
    assertThat(answer.body()).contains("Unknown button");
  }
}
