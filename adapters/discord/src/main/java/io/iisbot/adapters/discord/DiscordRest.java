package io.iisbot.adapters.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The few Discord REST calls the adapter makes itself: interaction webhooks (the token is the
 * credential), channel messages and command registration (the bot token). Failures are logged, with
 * every token taken out ({@link Redact}), and reported as empty, never thrown at the bot.
 * Thread-safe.
 */
final class DiscordRest {

  private static final Logger LOG = LoggerFactory.getLogger(DiscordRest.class);
  static final String USER_AGENT = "DiscordBot (https://github.com/iisbot/iisbot, 0.1)";

  private final String base;
  private final String applicationId;
  private final String botToken;
  private final ObjectMapper json;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  DiscordRest(String base, String applicationId, String botToken, ObjectMapper json) {
    this.base = base;
    this.applicationId = applicationId;
    this.botToken = botToken;
    this.json = json;
  }

  /** Edits the message an interaction answered with ({@code @original}). */
  Optional<JsonNode> editOriginal(String token, JsonNode message) {
    return send(
        "PATCH", "webhooks/" + applicationId + "/" + token + "/messages/@original", message, false);
  }

  /** Removes the interaction's "thinking…" answer. */
  void deleteOriginal(String token) {
    send("DELETE", "webhooks/" + applicationId + "/" + token + "/messages/@original", null, false);
  }

  /** A further message for an interaction (may be ephemeral). */
  Optional<JsonNode> followup(String token, JsonNode message) {
    return send("POST", "webhooks/" + applicationId + "/" + token, message, false);
  }

  /** A new message in a channel, as the bot. */
  Optional<JsonNode> createMessage(String channel, JsonNode message) {
    return send("POST", "channels/" + channel + "/messages", message, true);
  }

  /** Edits one of the bot's messages in a channel. */
  Optional<JsonNode> editMessage(String channel, String id, JsonNode message) {
    return send("PATCH", "channels/" + channel + "/messages/" + id, message, true);
  }

  /** Where the gateway is, as this API says ({@code GET /gateway/bot}). */
  Optional<String> gatewayUrl() {
    return send("GET", "gateway/bot", null, true).map(r -> r.path("url").asText(null));
  }

  /** Replaces the application's commands, in one server or globally. */
  Optional<JsonNode> putCommands(Optional<String> guild, JsonNode commands) {
    String path =
        guild
            .map(g -> "applications/" + applicationId + "/guilds/" + g + "/commands")
            .orElse("applications/" + applicationId + "/commands");
    return send("PUT", path, commands, true);
  }

  /** A member of a server, with their role ids ({@code GET /guilds/{guild}/members/{user}}). */
  Optional<JsonNode> member(String guild, String user) {
    return send("GET", "guilds/" + guild + "/members/" + user, null, true);
  }

  private Optional<JsonNode> send(String method, String path, JsonNode body, boolean asBot) {
    try {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(base + path))
              .timeout(Duration.ofSeconds(15))
              .header("User-Agent", USER_AGENT);
      if (asBot) {
        b.header("Authorization", "Bot " + botToken);
      }
      if (body == null) {
        b.method(method, HttpRequest.BodyPublishers.noBody());
      } else {
        b.header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
      }
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() >= 300) {
        LOG.atWarn()
            .log(
                () ->
                    Redact.text(
                        method + " " + path + " answered " + r.statusCode() + ": " + r.body()));
        return Optional.empty();
      }
      return Optional.of(r.body().isBlank() ? json.createObjectNode() : json.readTree(r.body()));
    } catch (IOException | IllegalArgumentException e) {
      // Both can quote the URL, and with it a webhook's token.
      LOG.atWarn().log(() -> Redact.text(method + " " + path + " failed: " + e));
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
