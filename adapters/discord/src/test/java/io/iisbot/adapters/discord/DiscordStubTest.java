package io.iisbot.adapters.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * {@link DiscordStub}'s REST API answered over plain HTTP, as the bot's HTTP-mode code will call
 * it, and its recording API. JDA against it is in {@link DiscordStubJdaTest}.
 */
final class DiscordStubTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String BOT = "Bot test-token";
  private static final String APP = DiscordStub.APPLICATION_ID;

  private final DiscordInteractions interactions = new DiscordInteractions();

  @Test
  void unknownEndpointsAndVersions_are404_andRecorded() throws Exception {
    try (DiscordStub stub = new DiscordStub()) {
      HttpResponse<String> unknown = send(stub, "GET", "guilds/1/members", "", BOT);
      HttpResponse<String> v9 = send(stub, "GET", "../v9/users/@me", "", BOT);

      assertThat(unknown.statusCode()).isEqualTo(404);
      assertThat(json(unknown.body()))
          .isEqualTo(json("{\"message\":\"404: Not Found\",\"code\":0}"));
      assertThat(v9.statusCode()).isEqualTo(404);
      assertThat(stub.calls())
          .extracting(DiscordStub.Call::path, DiscordStub.Call::status)
          .containsExactly(tuple("/guilds/1/members", 404), tuple("/api/v9/users/@me", 404));
    }
  }

  @Test
  void botEndpoints_needABotToken_butCallbacksAndWebhooksDoNot() throws Exception {
    try (DiscordStub stub = new DiscordStub()) {
      assertThat(send(stub, "GET", "users/@me", "", null).statusCode()).isEqualTo(401);
      assertThat(send(stub, "GET", "users/@me", "", "Bearer x").statusCode()).isEqualTo(401);
      assertThat(
              send(stub, "GET", "users/@me", "", "Bot " + DiscordStub.INVALID_TOKEN).statusCode())
          .isEqualTo(401);
      HttpResponse<String> me = send(stub, "GET", "users/@me", "", BOT);
      assertThat(json(me.body()).path("id").asText()).isEqualTo(DiscordStub.BOT_USER_ID);
      assertThat(json(me.body()).path("bot").asBoolean()).isTrue();

      String command =
          interactions.command(
              DiscordStub.GUILD_ID, DiscordStub.CHANNEL_ID, "1", List.of(), "iis", null, Map.of());
      assertThat(send(stub, "POST", callback(command, ""), "{\"type\":5}", null).statusCode())
          .isEqualTo(204);
    }
  }

  @Test
  void gatewayAndApplication_describeThisStub() throws Exception {
    try (DiscordStub stub = new DiscordStub()) {
      assertThat(stub.restUrl()).matches("http://127\\.0\\.0\\.1:\\d+/api/v10/");
      assertThat(stub.gatewayUrl()).matches("ws://127\\.0\\.0\\.1:\\d+/gateway");
      assertThat(json(send(stub, "GET", "gateway", "", null).body()).path("url").asText())
          .isEqualTo(stub.gatewayUrl());
      JsonNode bot = json(send(stub, "GET", "gateway/bot", "", BOT).body());
      assertThat(bot.path("url").asText()).isEqualTo(stub.gatewayUrl());
      assertThat(bot.path("shards").asInt()).isEqualTo(1);
      assertThat(bot.path("session_start_limit").path("max_concurrency").asInt()).isEqualTo(1);
      for (String path : List.of("applications/@me", "oauth2/applications/@me")) {
        JsonNode app = json(send(stub, "GET", path, "", BOT).body());
        assertThat(app.path("id").asText()).as(path).isEqualTo(APP);
        assertThat(app.path("verify_key").asText()).isEqualTo(stub.signer().publicKeyHex());
        assertThat(app.path("bot").path("id").asText()).isEqualTo(DiscordStub.BOT_USER_ID);
      }
    }
  }

  @Test
  void callback_withResponse_isAnInteractionCallbackResponse_andASecondIsRefused()
      throws Exception {
    try (DiscordStub stub = new DiscordStub()) {
      String command =
          interactions.command(
              DiscordStub.GUILD_ID, DiscordStub.CHANNEL_ID, "1", List.of(), "iis", null, Map.of());
      stub.remember(command);
      String body = "{\"type\":4,\"data\":{\"content\":\"hi\",\"flags\":64}}";

      HttpResponse<String> first =
          send(stub, "POST", callback(command, "?with_response=true"), body, null);
      HttpResponse<String> again =
          send(stub, "POST", callback(command, "?with_response=true"), body, null);

      assertThat(first.statusCode()).isEqualTo(200);
      JsonNode answer = json(first.body());
      assertThat(answer.path("interaction").path("id").asText())
          .isEqualTo(DiscordInteractions.id(command));
      assertThat(answer.path("interaction").path("type").asInt()).isEqualTo(2);
      assertThat(answer.path("interaction").path("response_message_ephemeral").asBoolean())
          .isTrue();
      assertThat(answer.path("resource").path("type").asInt()).isEqualTo(4);
      assertThat(answer.path("resource").path("message").path("content").asText()).isEqualTo("hi");
      assertThat(again.statusCode()).isEqualTo(400);
      assertThat(json(again.body()).path("code").asInt()).isEqualTo(40060);
      assertThat(stub.calls("POST", "/interactions/\\d+/[^/]+/callback"))
          .extracting(DiscordStub.Call::query)
          .containsExactly("with_response=true", "with_response=true");
    }
  }

  @Test
  void webhook_inHttpMode_editCreatesTheOriginal_thenFollowupsAndDeleteWork() throws Exception {
    try (DiscordStub stub = new DiscordStub()) {
      String hook = "webhooks/" + APP + "/some-token";

      HttpResponse<String> edit =
          send(stub, "PATCH", hook + "/messages/@original", "{\"content\":\"Done\"}", null);
      JsonNode original = json(edit.body());
      assertThat(edit.statusCode()).isEqualTo(200);
      assertThat(original.path("content").asText()).isEqualTo("Done");
      assertThat(original.path("channel_id").asText()).isEqualTo(DiscordStub.CHANNEL_ID);
      assertThat(original.path("webhook_id").asText()).isEqualTo(APP);
      assertThat(original.path("edited_timestamp").isTextual()).isTrue();
      assertThat(json(send(stub, "GET", hook + "/messages/@original", "", null).body()))
          .isEqualTo(original);

      HttpResponse<String> followup =
          send(stub, "POST", hook + "?wait=true", "{\"content\":\"More\"}", null);
      String followupId = json(followup.body()).path("id").asText();
      assertThat(followupId).isNotEqualTo(original.path("id").asText());
      assertThat(send(stub, "DELETE", hook + "/messages/" + followupId, "", null).statusCode())
          .isEqualTo(204);
      assertThat(send(stub, "GET", hook + "/messages/" + followupId, "", null).statusCode())
          .isEqualTo(404);
      assertThat(send(stub, "POST", hook, "{}", null).statusCode()).isEqualTo(400);
      assertThat(
              json(send(stub, "POST", "webhooks/1/some-token", "{\"content\":\"x\"}", null).body())
                  .path("code")
                  .asInt())
          .isEqualTo(10015);
    }
  }

  @Test
  void webhook_ofARememberedCommand_makesTheReplyInItsChannel_butAPushedOneNeedsACallback()
      throws Exception {
    try (DiscordStub stub = new DiscordStub()) {
      String overHttp =
          interactions.directMessageCommand("1301000000000000055", "1", "iis", null, Map.of());
      String overGateway =
          interactions.command(
              DiscordStub.GUILD_ID, DiscordStub.CHANNEL_ID, "1", List.of(), "iis", null, Map.of());
      stub.remember(overHttp);
      stub.pushInteraction(overGateway);

      JsonNode reply =
          json(send(stub, "PATCH", original(overHttp), "{\"content\":\"a\"}", null).body());
      assertThat(reply.path("channel_id").asText()).isEqualTo("1301000000000000055");
      assertThat(
              send(stub, "PATCH", original(overGateway), "{\"content\":\"a\"}", null).statusCode())
          .isEqualTo(404);
    }
  }

  @Test
  void webhook_ofARememberedButton_editsTheClickedMessage() throws Exception {
    try (DiscordStub stub = new DiscordStub()) {
      String button =
          interactions.button(
              DiscordStub.GUILD_ID,
              DiscordStub.CHANNEL_ID,
              "1",
              List.of(),
              "1301000000000000500",
              "go");
      stub.remember(button);
      JsonNode edited =
          json(send(stub, "PATCH", original(button), "{\"components\":[]}", null).body());
      assertThat(edited.path("id").asText()).isEqualTo("1301000000000000500");
      assertThat(edited.path("components")).isEmpty();
    }
  }

  @Test
  void channelMessages_onlyInKnownChannels_andMultipartIsReadForItsPayload() throws Exception {
    try (DiscordStub stub = new DiscordStub()) {
      String channel = "channels/" + DiscordStub.CHANNEL_ID;
      assertThat(json(send(stub, "GET", channel, "", BOT).body()).path("name").asText())
          .isEqualTo(DiscordStub.CHANNEL_NAME);
      assertThat(send(stub, "GET", "channels/42", "", BOT).statusCode()).isEqualTo(404);
      assertThat(
              send(stub, "POST", "channels/42/messages", "{\"content\":\"x\"}", BOT).statusCode())
          .isEqualTo(404);
      assertThat(
              json(send(stub, "POST", channel + "/messages", "{}", BOT).body())
                  .path("code")
                  .asInt())
          .isEqualTo(50006);

      String multipart =
          "--b\r\nContent-Disposition: form-data; name=\"payload_json\"\r\n"
              + "Content-Type: application/json\r\n\r\n{\"content\":\"with file\"}\r\n--b--\r\n";
      HttpResponse<String> posted =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(stub.restUrl() + channel + "/messages"))
                  .header("Authorization", BOT)
                  .header("Content-Type", "multipart/form-data; boundary=b")
                  .POST(HttpRequest.BodyPublishers.ofString(multipart))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(json(posted.body()).path("content").asText()).isEqualTo("with file");
      assertThat(stub.awaitCall("POST", c -> c.status() == 200, Duration.ofSeconds(1)).body())
          .isEqualTo("{\"content\":\"with file\"}");
    }
  }

  @Test
  void awaitCall_waitsForARequestMadeLater_andFailsListingWhatCame() throws Exception {
    try (DiscordStub stub = new DiscordStub()) {
      CompletableFuture<HttpResponse<String>> later =
          CompletableFuture.supplyAsync(() -> sendUnchecked(stub, "GET", "users/@me", BOT));

      DiscordStub.Call call = stub.awaitCall("GET", "/users/@me", Duration.ofSeconds(5));
      assertThat(call.header("authorization")).isEqualTo(BOT);
      assertThat(later.join().statusCode()).isEqualTo(200);
      assertThatThrownBy(() -> stub.awaitCall("PUT", ".*", Duration.ofMillis(50)))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("no PUT request within PT0.05S; recorded 1");
    }
  }

  @Test
  void reset_forgetsCallsMessagesAndDeniedChannels() throws Exception {
    try (DiscordStub stub = new DiscordStub()) {
      String channel = "channels/" + DiscordStub.CHANNEL_ID;
      String id =
          json(send(stub, "POST", channel + "/messages", "{\"content\":\"a\"}", BOT).body())
              .path("id")
              .asText();
      stub.denyChannel(DiscordStub.CHANNEL_ID);
      assertThat(send(stub, "GET", channel, "", BOT).statusCode()).isEqualTo(403);

      stub.reset();

      assertThat(stub.calls()).isEmpty();
      assertThat(send(stub, "GET", channel, "", BOT).statusCode()).isEqualTo(200);
      assertThat(
              send(stub, "PATCH", channel + "/messages/" + id, "{\"content\":\"b\"}", BOT)
                  .statusCode())
          .isEqualTo(404);
    }
  }

  private static String original(String interaction) {
    return "webhooks/" + APP + "/" + DiscordInteractions.token(interaction) + "/messages/@original";
  }

  private static String callback(String interaction, String query) {
    return "interactions/"
        + DiscordInteractions.id(interaction)
        + "/"
        + DiscordInteractions.token(interaction)
        + "/callback"
        + query;
  }

  private static HttpResponse<String> send(
      DiscordStub stub, String method, String path, String body, String authorization)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(stub.restUrl()).resolve(path))
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json");
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> sendUnchecked(
      DiscordStub stub, String method, String path, String authorization) {
    try {
      return send(stub, method, path, "", authorization);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode json(String text) {
    return DiscordObjects.parse(text);
  }
}
