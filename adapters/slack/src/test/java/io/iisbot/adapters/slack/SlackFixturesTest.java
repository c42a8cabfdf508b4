package io.iisbot.adapters.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.app_backend.slash_commands.SlashCommandPayloadParser;
import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.socket_mode.request.EventsApiEnvelope;
import com.slack.api.socket_mode.request.InteractiveEnvelope;
import com.slack.api.socket_mode.request.SlashCommandsEnvelope;
import com.slack.api.util.json.GsonFactory;
import org.junit.jupiter.api.Test;

/**
 * Every Slack fixture read by Bolt's own model, the way the adapter will read them: the fixtures
 * are what we claim, and the builders in {@link SlackRequests} can be checked against them.
 */
final class SlackFixturesTest {

  private static final Gson GSON = GsonFactory.createSnakeCase();

  @Test
  void signingVector_isReproducedByBoltsGenerator() {
    JsonNode vector = Fixtures.json("signing-vector.json");
    String signature =
        new com.slack.api.app_backend.SlackSignature.Generator(
                vector.get("signing_secret").asText())
            .generate(
                vector.get("x_slack_request_timestamp").asText(),
                Fixtures.text("signing-vector-body.txt"));
    assertThat(signature).isEqualTo(vector.get("expected_x_slack_signature").asText());
  }

  @Test
  void signingVectorBody_isASlashCommand() {
    SlashCommandPayload p =
        new SlashCommandPayloadParser().parse(Fixtures.text("signing-vector-body.txt"));
    assertThat(p.getToken()).isEqualTo("xyzz0WbapA4vBCDEFasx0q6G");
    assertThat(p.getTeamId()).isEqualTo("T1DC2JH3J");
    assertThat(p.getTeamDomain()).isEqualTo("testteamnow");
    assertThat(p.getChannelId()).isEqualTo("G8PSS9T3V");
    assertThat(p.getChannelName()).isEqualTo("foobar");
    assertThat(p.getUserId()).isEqualTo("U2CERLKJA");
    assertThat(p.getUserName()).isEqualTo("roadrunner");
    assertThat(p.getCommand()).isEqualTo("/webhook-collect");
    // "text=" arrives as null, not "": the adapter must not take the text as given.
    assertThat(p.getText()).isNull();
    assertThat(p.getResponseUrl())
        .isEqualTo(
            "https://hooks.slack.com/commands/T1DC2JH3J/397700885554/96rGlfmibIGlgcZRskXaIFfN");
    assertThat(p.getTriggerId())
        .isEqualTo("398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c");
  }

  @Test
  void boltTestBody_isASlashCommandFromAnEnterprise() {
    SlashCommandPayload p =
        new SlashCommandPayloadParser().parse(Fixtures.text("slash-command-body-bolt-test.txt"));
    assertThat(p.getTeamId()).isEqualTo("T0001");
    assertThat(p.getEnterpriseId()).isEqualTo("E0001");
    assertThat(p.getEnterpriseName()).isEqualTo("Globular Construct Inc");
    assertThat(p.getChannelId()).isEqualTo("C2147483705");
    assertThat(p.getUserId()).isEqualTo("U2147483697");
    assertThat(p.getUserName()).isEqualTo("Steve");
    assertThat(p.getCommand()).isEqualTo("/weather-123");
    assertThat(p.getText()).isEqualTo("94070");
    assertThat(p.getResponseUrl()).isEqualTo("https://hooks.slack.com/commands/1234/5678");
    assertThat(p.getTriggerId()).isEqualTo("13345224609.738474920.8088930838d88f008e0");
  }

  @Test
  void blockActionsPayload_isAButtonClick() {
    BlockActionPayload p =
        GSON.fromJson(Fixtures.text("block-actions-payload.json"), BlockActionPayload.class);
    assertThat(p.getType()).isEqualTo("block_actions");
    assertThat(p.getTeam().getId()).isEqualTo("T9TK3CUKW");
    assertThat(p.getTeam().getDomain()).isEqualTo("example");
    assertThat(p.getUser().getId()).isEqualTo("UA8RXUSPL");
    assertThat(p.getUser().getUsername()).isEqualTo("jtorrance");
    assertThat(p.getApiAppId()).isEqualTo("AABA1ABCD");
    assertThat(p.getContainer().getType()).isEqualTo("message_attachment");
    assertThat(p.getContainer().getMessageTs()).isEqualTo("1548261231.000200");
    assertThat(p.getContainer().getChannelId()).isEqualTo("CBR2V3XEX");
    assertThat(p.getContainer().isEphemeral()).isFalse();
    assertThat(p.getChannel().getName()).isEqualTo("review-updates");
    assertThat(p.getMessage().getTs()).isEqualTo("1548261231.000200");
    assertThat(p.getMessage().getBotId()).isEqualTo("BAH5CA16Z");
    assertThat(p.getResponseUrl())
        .isEqualTo("https://hooks.slack.com/actions/AABA1ABCD/1232321423432/D09sSasdasdAS9091209");
    BlockActionPayload.Action a = p.getActions().get(0);
    assertThat(a.getActionId()).isEqualTo("WaXA");
    assertThat(a.getBlockId()).isEqualTo("=qXel");
    assertThat(a.getValue()).isEqualTo("click_me_123");
    assertThat(a.getType()).isEqualTo("button");
    assertThat(a.getText().getText()).isEqualTo("View");
    assertThat(a.getActionTs()).isEqualTo("1548426417.840180");
  }

  @Test
  void socketModeSlashCommandEnvelope_acceptsAResponsePayload() {
    SlashCommandsEnvelope e =
        GSON.fromJson(
            Fixtures.text("socket-mode-envelope-slash-command.json"), SlashCommandsEnvelope.class);
    assertThat(e.getEnvelopeId()).isEqualTo("xxx-11-222-yyy-zzz");
    assertThat(e.getType()).isEqualTo("slash_commands");
    assertThat(e.getAcceptsResponsePayload()).isTrue();
    SlashCommandPayload p = GSON.fromJson(e.getPayload(), SlashCommandPayload.class);
    assertThat(p.getCommand()).isEqualTo("/hi-socket-mode");
    assertThat(p.getUserId()).isEqualTo("U111");
    assertThat(p.getChannelId()).isEqualTo("C111");
    assertThat(p.getResponseUrl()).isEqualTo("https://hooks.slack.com/commands/T111/111/xxx");
  }

  @Test
  void socketModeBlockActionsEnvelope_carriesTheClickedMessage() {
    InteractiveEnvelope e =
        GSON.fromJson(
            Fixtures.text("socket-mode-envelope-block-actions.json"), InteractiveEnvelope.class);
    assertThat(e.getEnvelopeId()).isEqualTo("xxx-11-222-yyy-zzz");
    assertThat(e.getType()).isEqualTo("interactive");
    assertThat(e.getAcceptsResponsePayload()).isFalse();
    BlockActionPayload p = GSON.fromJson(e.getPayload(), BlockActionPayload.class);
    assertThat(p.getContainer().getType()).isEqualTo("message");
    assertThat(p.getContainer().getMessageTs()).isEqualTo("1605853634.000400");
    assertThat(p.getMessage().getBlocks()).hasSize(1);
    assertThat(p.getActions().get(0).getActionId()).isEqualTo("a");
    assertThat(p.getActions().get(0).getValue()).isEqualTo("underlying");
    assertThat(p.getResponseUrl()).isEqualTo("https://hooks.slack.com/actions/T111/111/xxx");
  }

  @Test
  void socketModeEventsEnvelope_isARetry() {
    EventsApiEnvelope e =
        GSON.fromJson(
            Fixtures.text("socket-mode-envelope-events-api.json"), EventsApiEnvelope.class);
    assertThat(e.getType()).isEqualTo("events_api");
    assertThat(e.getRetryAttempt()).isEqualTo(2);
    assertThat(e.getRetryReason()).isEqualTo("timeout");
    JsonObject event = e.getPayload().getAsJsonObject().getAsJsonObject("event");
    assertThat(event.get("type").getAsString()).isEqualTo("app_mention");
    assertThat(event.get("text").getAsString()).isEqualTo("<@U222> hey");
  }
}
