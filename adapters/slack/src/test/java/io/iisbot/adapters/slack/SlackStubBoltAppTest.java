package io.iisbot.adapters.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.slack.api.Slack;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.socket_mode.SocketModeApp;
import com.slack.api.bolt.util.SlackRequestParser;
import com.slack.api.socket_mode.SocketModeClient;
import com.slack.api.webhook.WebhookResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A whole Bolt app against the stub: Socket Mode, and HTTP mode with response_url. */
final class SlackStubBoltAppTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String SECRET = "test-signing-secret";

  private final SlackStub stub = new SlackStub();
  private final Slack slack = Slack.getInstance(SlackStubTest.config(stub));
  private final App app =
      new App(
          AppConfig.builder()
              .slack(slack)
              .singleTeamBotToken("xoxb-test")
              .signingSecret(SECRET)
              .build());
  private final SlackRequests requests = new SlackRequests(SECRET, Clock.systemUTC());
  private final ConcurrentLinkedQueue<WebhookResponse> responded = new ConcurrentLinkedQueue<>();
  private SocketModeApp socketMode;

  @AfterEach
  void close() throws Exception {
    if (socketMode != null) {
      SocketModeClient client = socketMode.getClient();
      socketMode.stop();
      client.close();
    }
    slack.close();
    stub.close();
  }

  private void startSocketMode() throws Exception {
    socketMode = new SocketModeApp("xapp-1-test", app);
    socketMode.startAsync();
  }

  @Test
  void socketMode_slashCommandFromTheFixture_isAckedWithTheHandlersText() throws Exception {
    app.command("/iis", (req, ctx) -> ctx.ack("pong"));
    ObjectNode envelope = (ObjectNode) Fixtures.json("socket-mode-envelope-slash-command.json");
    ((ObjectNode) envelope.get("payload")).put("command", "/iis");
    stub.push(envelope.toString()); // before connecting: held until the client is there

    startSocketMode();

    JsonNode ack = StubWebApi.parse(stub.awaitAck("xxx-11-222-yyy-zzz", WAIT));
    assertThat(ack.get("envelope_id").asText()).isEqualTo("xxx-11-222-yyy-zzz");
    assertThat(ack.at("/payload/text").asText()).isEqualTo("pong");
    assertThat(stub.calls("apps.connections.open").get(0).authorization())
        .isEqualTo("Bearer xapp-1-test");
    assertThat(stub.socketConnections()).isEqualTo(1);
  }

  @Test
  void socketMode_blockActionEnvelope_isAckedWithoutPayload() throws Exception {
    app.blockAction("stop", (req, ctx) -> ctx.ack());
    startSocketMode();
    stub.awaitConnected(WAIT);

    SlackRequests.Envelope click =
        requests.socketEnvelopeBlockAction(
            "U1", "C1", "1700000000.000100", "stop", "web1", stub.responseUrl("click"));
    stub.push(click.json());

    assertThat(stub.awaitAck(click.envelopeId(), WAIT))
        .isEqualTo("{\"envelope_id\":\"" + click.envelopeId() + "\"}");
  }

  @Test
  void socketMode_respondFromTheHandler_postsToTheResponseUrl() throws Exception {
    app.command(
        "/iis",
        (req, ctx) -> {
          responded.add(ctx.respond("working on it"));
          return ctx.ack();
        });
    startSocketMode();

    SlackRequests.Envelope command =
        requests.socketEnvelopeSlashCommand("/iis", "stop web1", "U1", "C1", stub.responseUrl("c"));
    stub.push(command.json());

    stub.awaitAck(command.envelopeId(), WAIT);
    assertThat(stub.responses("c").get(0).param("text")).isEqualTo("working on it");
    assertThat(responded.peek().getCode()).isEqualTo(200);
  }

  @Test
  void http_signedSlashCommand_runsTheHandler_whichRespondsAndPosts() throws Exception {
    app.command(
        "/iis",
        (req, ctx) -> {
          responded.add(ctx.respond(r -> r.responseType("in_channel").text("stopping web1")));
          ctx.say("web1 stopping");
          return ctx.ack();
        });

    Response response =
        run(requests.slashCommand("/iis", "stop web1", "U1", "C1", stub.responseUrl("cmd")));

    assertThat(response.getStatusCode()).isEqualTo(200);
    WebhookResponse webhook = responded.peek();
    assertThat(webhook.getCode()).isEqualTo(200);
    assertThat(webhook.getBody()).isEqualTo("{\"ok\":true}");
    SlackStub.Call post = stub.responses("cmd").get(0);
    assertThat(post.param("response_type")).isEqualTo("in_channel");
    assertThat(post.param("text")).isEqualTo("stopping web1");
    assertThat(post.authorization()).isNull();
    assertThat(stub.calls("chat.postMessage").get(0).param("channel")).isEqualTo("C1");
    assertThat(stub.calls("auth.test")).isNotEmpty();
  }

  @Test
  void http_signedBlockAction_runsTheHandler_whichReplacesTheOriginal() throws Exception {
    app.blockAction(
        "confirm",
        (req, ctx) -> {
          assertThat(req.getPayload().getActions().get(0).getValue()).isEqualTo("op-42");
          responded.add(ctx.respond(r -> r.replaceOriginal(true).text("confirmed")));
          return ctx.ack();
        });

    Response response =
        run(
            requests.blockAction(
                "U2", "C1", "1700000000.000100", "confirm", "op-42", stub.responseUrl("click")));

    assertThat(response.getStatusCode()).isEqualTo(200);
    SlackStub.Call post = stub.awaitResponse("click", c -> true, WAIT);
    assertThat(post.param("replace_original")).isEqualTo("true");
    assertThat(post.param("text")).isEqualTo("confirmed");
  }

  @Test
  void http_staleRequest_isRefusedByBolt() throws Exception {
    app.command("/iis", (req, ctx) -> ctx.ack("pong"));
    long tenMinutesAgo = Clock.systemUTC().instant().getEpochSecond() - 600;

    Response response =
        run(
            requests
                .signedAt(tenMinutesAgo)
                .slashCommand("/iis", "", "U1", "C1", stub.responseUrl("x")));

    assertThat(response.getStatusCode()).isEqualTo(401);
  }

  @Test
  void responseUrl_sixthPost_isUsedUrl() throws Exception {
    app.command(
        "/iis",
        (req, ctx) -> {
          for (int i = 1; i <= 6; i++) {
            responded.add(ctx.respond("step " + i));
          }
          return ctx.ack();
        });

    run(requests.slashCommand("/iis", "", "U1", "C1", stub.responseUrl("busy")));

    List<String> bodies = responded.stream().map(WebhookResponse::getBody).toList();
    assertThat(bodies.subList(0, 5)).containsOnly("{\"ok\":true}");
    assertThat(bodies.get(5)).isEqualTo("{\"ok\":false,\"error\":\"used_url\"}");
    assertThat(stub.responses("busy")).hasSize(6);
  }

  /** What a server adapter does: parse the request as Bolt would and run the app on it. */
  private Response run(SlackRequests.Signed signed) throws Exception {
    Map<String, List<String>> headers =
        signed.headers().entrySet().stream()
            .collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue())));
    return app.run(
        new SlackRequestParser(app.config())
            .parse(
                SlackRequestParser.HttpRequest.builder()
                    .requestUri("/slack/events")
                    .requestBody(signed.body())
                    .headers(new RequestHeaders(headers))
                    .remoteAddress("127.0.0.1")
                    .build()));
  }
}
