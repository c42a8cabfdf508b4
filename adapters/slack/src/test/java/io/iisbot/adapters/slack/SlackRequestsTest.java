package io.iisbot.adapters.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.Gson;
import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.util.SlackRequestParser;
import com.slack.api.socket_mode.request.InteractiveEnvelope;
import com.slack.api.socket_mode.request.SlashCommandsEnvelope;
import com.slack.api.util.json.GsonFactory;
import io.javalin.Javalin;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The requests are what Bolt reads as Slack's, signed so that Bolt and our check accept them. */
final class SlackRequestsTest {

  private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
  private static final long NOW = 1_700_000_000L;
  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
  private static final Gson GSON = GsonFactory.createSnakeCase();
  private static final String RESPONSE_URL = "http://127.0.0.1:1/response/cmd";

  private final SlackRequests requests = new SlackRequests(SECRET, CLOCK);
  private final SlackSignature check =
      new SlackSignature(SECRET.getBytes(StandardCharsets.UTF_8), CLOCK);

  private Optional<String> problem(SlackRequests.Signed signed) {
    return check.problem(
        signed.header("X-Slack-Request-Timestamp"),
        signed.header("X-Slack-Signature"),
        signed.body().getBytes(StandardCharsets.UTF_8));
  }

  private static Request<?> parse(SlackRequests.Signed signed) {
    Map<String, List<String>> headers =
        signed.headers().entrySet().stream()
            .collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue())));
    return new SlackRequestParser(AppConfig.builder().signingSecret(SECRET).build())
        .parse(
            SlackRequestParser.HttpRequest.builder()
                .requestUri("/slack/events")
                .requestBody(signed.body())
                .headers(new RequestHeaders(headers))
                .build());
  }

  @Test
  void slashCommand_isFormEncodedLikeSlacksSample() {
    SlackRequests.Signed signed =
        requests.slashCommand("/iis", "stop web1", "U1", "C1", RESPONSE_URL);

    assertThat(signed.body())
        .startsWith(
            "token=gIkuvaNzQIHg97ATvDxqgjtO&team_id=T0001&team_domain=example&channel_id=C1"
                + "&channel_name=c1&user_id=U1&user_name=u1&command=%2Fiis&text=stop+web1"
                + "&api_app_id=A0001&is_enterprise_install=false"
                + "&response_url=http%3A%2F%2F127.0.0.1%3A1%2Fresponse%2Fcmd&trigger_id=");
    assertThat(signed.headers())
        .containsEntry("Content-Type", "application/x-www-form-urlencoded")
        .containsEntry("X-Slack-Request-Timestamp", "1700000000")
        .containsKey("User-Agent");
    assertThat(signed.header("X-Slack-Signature")).matches("v0=[0-9a-f]{64}");
    assertThat(problem(signed)).isEmpty();
  }

  @Test
  void slashCommand_isReadByBoltAsACommand() {
    Request<?> request =
        parse(requests.slashCommand("/iis", "stop web1 & web2", "U1", "C1", RESPONSE_URL));

    assertThat(request).isInstanceOf(SlashCommandRequest.class);
    SlashCommandPayload p = ((SlashCommandRequest) request).getPayload();
    assertThat(p.getCommand()).isEqualTo("/iis");
    assertThat(p.getText()).isEqualTo("stop web1 & web2");
    assertThat(p.getUserId()).isEqualTo("U1");
    assertThat(p.getChannelId()).isEqualTo("C1");
    assertThat(p.getTeamId()).isEqualTo("T0001");
    assertThat(p.getApiAppId()).isEqualTo("A0001");
    assertThat(p.getResponseUrl()).isEqualTo(RESPONSE_URL);
    assertThat(p.getTriggerId()).matches("\\d+\\.\\d+\\.[0-9a-f]{32}");
  }

  @Test
  void emptyText_isNullOverHttp_butEmptyOverSocketMode() {
    SlashCommandPayload http =
        ((SlashCommandRequest) parse(requests.slashCommand("/iis", "", "U1", "C1", RESPONSE_URL)))
            .getPayload();
    SlashCommandsEnvelope socket =
        GSON.fromJson(
            requests.socketEnvelopeSlashCommand("/iis", "", "U1", "C1", RESPONSE_URL).json(),
            SlashCommandsEnvelope.class);

    assertThat(http.getText()).isNull();
    assertThat(GSON.fromJson(socket.getPayload(), SlashCommandPayload.class).getText()).isEmpty();
  }

  @Test
  void blockAction_isReadByBoltAsAButtonClick() {
    SlackRequests.Signed signed =
        requests.blockAction("U2", "C1", "1700000000.000100", "confirm", "op-42", RESPONSE_URL);

    assertThat(signed.body()).startsWith("payload=%7B%22type%22%3A%22block_actions%22");
    assertThat(problem(signed)).isEmpty();
    Request<?> request = parse(signed);
    assertThat(request).isInstanceOf(BlockActionRequest.class);
    BlockActionPayload p = ((BlockActionRequest) request).getPayload();
    assertThat(p.getUser().getId()).isEqualTo("U2");
    assertThat(p.getChannel().getId()).isEqualTo("C1");
    assertThat(p.getContainer().getMessageTs()).isEqualTo("1700000000.000100");
    assertThat(p.getMessage().getTs()).isEqualTo("1700000000.000100");
    assertThat(p.getResponseUrl()).isEqualTo(RESPONSE_URL);
    BlockActionPayload.Action a = p.getActions().get(0);
    assertThat(a.getActionId()).isEqualTo("confirm");
    assertThat(a.getValue()).isEqualTo("op-42");
    assertThat(a.getBlockId()).isEqualTo(SlackRequests.BLOCK_ID);
    assertThat(a.getActionTs()).isEqualTo("1700000000.000000");
  }

  @Test
  void signedAt_makesStaleAndFutureRequests() {
    SlackRequests.Signed stale =
        requests.signedAt(NOW - 301).slashCommand("/iis", "", "U1", "C1", RESPONSE_URL);
    SlackRequests.Signed future =
        requests.signedAt(NOW + 301).slashCommand("/iis", "", "U1", "C1", RESPONSE_URL);

    assertThat(problem(stale)).contains("timestamp 301 s in the past");
    assertThat(problem(future)).contains("timestamp 301 s in the future");
  }

  @Test
  void withRetry_addsSlacksRetryHeaders_andKeepsTheSignature() {
    SlackRequests.Signed first = requests.slashCommand("/iis", "", "U1", "C1", RESPONSE_URL);

    SlackRequests.Signed retry = first.withRetry(2);

    assertThat(retry.headers())
        .containsEntry("X-Slack-Retry-Num", "2")
        .containsEntry("X-Slack-Retry-Reason", "http_timeout");
    assertThat(first.headers()).doesNotContainKey("X-Slack-Retry-Num");
    assertThat(retry.body()).isEqualTo(first.body());
    assertThat(problem(retry)).isEmpty();
  }

  @Test
  void eachRequest_hasAFreshTriggerId() {
    SlashCommandPayload first =
        ((SlashCommandRequest) parse(requests.slashCommand("/iis", "", "U1", "C1", RESPONSE_URL)))
            .getPayload();
    SlashCommandPayload second =
        ((SlashCommandRequest) parse(requests.slashCommand("/iis", "", "U1", "C1", RESPONSE_URL)))
            .getPayload();
    assertThat(first.getTriggerId()).isNotEqualTo(second.getTriggerId());
  }

  @Test
  void socketEnvelopes_areReadByBolt_withFreshIds() {
    SlackRequests.Envelope command =
        requests.socketEnvelopeSlashCommand("/iis", "status", "U1", "C1", RESPONSE_URL);
    SlackRequests.Envelope click =
        requests.socketEnvelopeBlockAction("U1", "C1", "1.2", "stop", "web1", RESPONSE_URL);

    SlashCommandsEnvelope c = GSON.fromJson(command.json(), SlashCommandsEnvelope.class);
    assertThat(c.getEnvelopeId()).isEqualTo(command.envelopeId());
    assertThat(c.getType()).isEqualTo("slash_commands");
    assertThat(c.getAcceptsResponsePayload()).isTrue();
    assertThat(GSON.fromJson(c.getPayload(), SlashCommandPayload.class).getText())
        .isEqualTo("status");
    InteractiveEnvelope i = GSON.fromJson(click.json(), InteractiveEnvelope.class);
    assertThat(i.getEnvelopeId()).isEqualTo(click.envelopeId()).isNotEqualTo(c.getEnvelopeId());
    assertThat(i.getType()).isEqualTo("interactive");
    assertThat(i.getAcceptsResponsePayload()).isFalse();
    assertThat(GSON.fromJson(i.getPayload(), BlockActionPayload.class).getActions())
        .singleElement()
        .extracting(BlockActionPayload.Action::getValue)
        .isEqualTo("web1");
  }

  @Test
  void postTo_sendsTheRawBodyAndHeaders_toARouteThatChecksThem() throws Exception {
    SlackRequests live = new SlackRequests(SECRET, Clock.systemUTC());
    SlackSignature liveCheck =
        new SlackSignature(SECRET.getBytes(StandardCharsets.UTF_8), Clock.systemUTC());
    Javalin server =
        Javalin.create(
                cfg -> {
                  cfg.startup.showJavalinBanner = false;
                  cfg.jetty.host = "127.0.0.1";
                  cfg.jetty.port = 0;
                  cfg.routes.post(
                      "/slack/events",
                      ctx ->
                          ctx.result(
                              liveCheck
                                  .problem(
                                      ctx.header("X-Slack-Request-Timestamp"),
                                      ctx.header("X-Slack-Signature"),
                                      ctx.bodyAsBytes())
                                  .orElse("valid " + ctx.header("X-Slack-Retry-Num"))));
                })
            .start();
    try {
      URI url = URI.create("http://127.0.0.1:" + server.port() + "/slack/events");
      SlackRequests.Signed click =
          live.blockAction("U1", "C1", "1.2", "stop", "web1 & web2", RESPONSE_URL);

      assertThat(click.postTo(url).body()).isEqualTo("valid null");
      assertThat(click.withRetry(1).postTo(url).body()).isEqualTo("valid 1");
    } finally {
      server.stop();
    }
  }
}
