package io.iisbot.adapters.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The messages side of {@link DiscordStub}: interaction callbacks, the interaction webhooks
 * ({@code @original} and followups) and channel messages, with the messages they made, so an edit
 * answers with the whole edited message as Discord does.
 *
 * <p>Interactions the stub has seen (pushed over the gateway or {@link #remember remembered}) give
 * their channel, and for a button their message, to the webhook's {@code @original}. A token the
 * stub never saw is still accepted: in HTTP mode the first answer never reaches the stub.
 *
 * <p>Thread-safe: every method locks this object.
 */
final class StubMessages {

  private static final int EPHEMERAL = 1 << 6;
  private static final int LOADING = 1 << 7;
  private static final int SUPPRESS_EMBEDS = 1 << 2;
  private static final int COMPONENTS_V2 = 1 << 15;

  /**
   * An interaction the stub has seen; messageId is the clicked message of a component's. Over HTTP,
   * the first answer goes back in the HTTP response, never through the stub.
   */
  private record Seen(
      String id, int type, String channelId, String messageId, JsonNode message, boolean http) {}

  private final Clock clock;
  private final Map<String, Seen> interactions = new HashMap<>();
  private final Set<String> acknowledged = new HashSet<>();
  private final Map<String, String> originals = new HashMap<>();
  private final Map<String, ObjectNode> messages = new HashMap<>();
  private final Map<String, JsonNode> channels = new HashMap<>();
  private final Set<String> denied = new HashSet<>();

  StubMessages(Clock clock) {
    this.clock = clock;
    reset();
  }

  synchronized void reset() {
    interactions.clear();
    acknowledged.clear();
    originals.clear();
    messages.clear();
    denied.clear();
    channels.clear();
    channels.put(
        DiscordStub.CHANNEL_ID,
        DiscordObjects.textChannel(
            DiscordStub.CHANNEL_ID, DiscordStub.GUILD_ID, DiscordStub.CHANNEL_NAME));
  }

  /** Learns an interaction's token, channel and message, from its JSON. */
  synchronized void remember(JsonNode interaction, boolean http) {
    JsonNode message = interaction.get("message");
    String channelId = interaction.path("channel_id").asText(DiscordStub.CHANNEL_ID);
    interactions.put(
        interaction.path("token").asText(),
        new Seen(
            interaction.path("id").asText(),
            interaction.path("type").asInt(),
            channelId,
            message == null ? null : message.path("id").asText(),
            message,
            http));
    JsonNode channel = interaction.get("channel");
    if (channel != null && channel.isObject()) {
      channels.putIfAbsent(channelId, channel);
    }
  }

  synchronized void deny(String channelId) {
    denied.add(channelId);
  }

  /** {@code POST /interactions/{id}/{token}/callback}. */
  synchronized StubAnswer callback(String id, String token, String body, boolean withResponse) {
    JsonNode json = DiscordObjects.parse(body);
    if (json == null || !json.path("type").isInt()) {
      return StubAnswer.error(400, 50035, "Invalid Form Body");
    }
    if (!acknowledged.add(id)) {
      return StubAnswer.error(400, 40060, "Interaction has already been acknowledged.");
    }
    int type = json.get("type").asInt();
    JsonNode data = json.path("data");
    Seen seen = interactions.get(token);
    ObjectNode message = null;
    switch (type) {
      case 4, 5 -> {
        int flags = data.path("flags").asInt(0) & (EPHEMERAL | SUPPRESS_EMBEDS | COMPONENTS_V2);
        message = newMessage(seen == null ? DiscordStub.CHANNEL_ID : seen.channelId(), true);
        message.put("flags", type == 5 ? flags | LOADING : flags);
        if (type == 4) {
          StubBodies.apply(message, data);
        }
        originals.put(token, message.get("id").asText());
      }
      case 6, 7 -> {
        message = clickedMessage(token, seen);
        if (message != null && type == 7) {
          StubBodies.apply(message, data);
          edited(message);
        }
      }
      default -> {
        // 1 PONG, 8 autocomplete choices, 9 modal, 12 activity: no message comes of them.
      }
    }
    if (!withResponse) {
      return StubAnswer.noContent();
    }
    ObjectNode answer = DiscordObjects.object();
    ObjectNode interaction =
        answer.putObject("interaction").put("id", id).put("type", seen == null ? 2 : seen.type());
    if (message != null) {
      interaction
          .put("response_message_id", message.get("id").asText())
          .put("response_message_loading", type == 5)
          .put("response_message_ephemeral", (message.get("flags").asInt() & EPHEMERAL) != 0);
    }
    ObjectNode resource = answer.putObject("resource").put("type", type);
    if (message != null && (type == 4 || type == 7)) {
      resource.set("message", message.deepCopy());
    }
    return StubAnswer.ok(answer);
  }

  /** GET, PATCH or DELETE {@code /webhooks/{app}/{token}/messages/{id or @original}}. */
  synchronized StubAnswer webhookMessage(String method, String token, String id, String body) {
    ObjectNode message;
    if (id.equals("@original")) {
      String original = originals.get(token);
      message = original != null ? messages.get(original) : clickedMessage(token, null);
      Seen seen = interactions.get(token);
      if (message == null && (seen == null || seen.http()) && method.equals("PATCH")) {
        // HTTP mode: the interaction was answered in an HTTP response the stub never saw.
        message = newMessage(seen == null ? DiscordStub.CHANNEL_ID : seen.channelId(), true);
        originals.put(token, message.get("id").asText());
      }
    } else {
      message = messages.get(id);
    }
    if (message == null) {
      return StubAnswer.unknownMessage();
    }
    return switch (method) {
      case "GET" -> StubAnswer.ok(message);
      case "DELETE" -> {
        messages.remove(message.get("id").asText());
        yield StubAnswer.noContent();
      }
      default -> edit(message, body);
    };
  }

  /** {@code POST /webhooks/{app}/{token}}: a followup message. */
  synchronized StubAnswer followup(String token, String body) {
    JsonNode data = DiscordObjects.parse(body);
    if (data == null || StubBodies.isEmpty(data)) {
      return StubAnswer.error(400, 50006, "Cannot send an empty message");
    }
    Seen seen = interactions.get(token);
    ObjectNode message = newMessage(seen == null ? DiscordStub.CHANNEL_ID : seen.channelId(), true);
    message.put(
        "flags", data.path("flags").asInt(0) & (EPHEMERAL | SUPPRESS_EMBEDS | COMPONENTS_V2));
    StubBodies.apply(message, data);
    return StubAnswer.ok(message);
  }

  /** {@code GET /channels/{id}}. */
  synchronized StubAnswer channel(String channelId) {
    JsonNode channel = channels.get(channelId);
    if (channel == null) {
      return StubAnswer.unknownChannel();
    }
    return denied.contains(channelId)
        ? StubAnswer.error(403, 50001, "Missing Access")
        : StubAnswer.ok(channel);
  }

  /** {@code POST /channels/{id}/messages}, with the bot's token. */
  synchronized StubAnswer post(String channelId, String body) {
    StubAnswer refused = refuse(channelId);
    if (refused != null) {
      return refused;
    }
    JsonNode data = DiscordObjects.parse(body);
    if (data == null || StubBodies.isEmpty(data)) {
      return StubAnswer.error(400, 50006, "Cannot send an empty message");
    }
    ObjectNode message = newMessage(channelId, false);
    message.put("flags", data.path("flags").asInt(0) & (SUPPRESS_EMBEDS | COMPONENTS_V2));
    StubBodies.apply(message, data);
    if (data.hasNonNull("nonce")) {
      // Discord hands the nonce back once, in the answer to the create.
      ObjectNode answer = message.deepCopy();
      return StubAnswer.ok(answer.set("nonce", data.get("nonce")));
    }
    return StubAnswer.ok(message);
  }

  /** {@code PATCH /channels/{id}/messages/{message}}: only the bot's own messages. */
  synchronized StubAnswer editInChannel(String channelId, String messageId, String body) {
    StubAnswer refused = refuse(channelId);
    if (refused != null) {
      return refused;
    }
    ObjectNode message = messages.get(messageId);
    if (message == null || !message.path("channel_id").asText().equals(channelId)) {
      return StubAnswer.unknownMessage();
    }
    return edit(message, body);
  }

  private StubAnswer refuse(String channelId) {
    if (!channels.containsKey(channelId)) {
      return StubAnswer.unknownChannel();
    }
    return denied.contains(channelId) ? StubAnswer.error(403, 50001, "Missing Access") : null;
  }

  private StubAnswer edit(ObjectNode message, String body) {
    JsonNode data = DiscordObjects.parse(body);
    if (data == null || !data.isObject()) {
      return StubAnswer.error(400, 50035, "Invalid Form Body");
    }
    StubBodies.apply(message, data);
    // The first edit of a deferred reply is the reply: it stops loading.
    message.put("flags", message.get("flags").asInt() & ~LOADING);
    edited(message);
    return StubAnswer.ok(message);
  }

  /** The message a component interaction was on, stored on first use; null for others. */
  private ObjectNode clickedMessage(String token, Seen known) {
    Seen seen = known != null ? known : interactions.get(token);
    if (seen == null || seen.messageId() == null) {
      return null;
    }
    return messages.computeIfAbsent(
        seen.messageId(),
        id -> {
          ObjectNode copy = (ObjectNode) seen.message().deepCopy();
          copy.put("channel_id", seen.channelId());
          return copy;
        });
  }

  private ObjectNode newMessage(String channelId, boolean byWebhook) {
    String id = DiscordObjects.snowflake(clock);
    ObjectNode message =
        DiscordObjects.message(
            id, channelId, byWebhook ? DiscordStub.APPLICATION_ID : null, 0, clock.instant());
    messages.put(id, message);
    return message;
  }

  private void edited(ObjectNode message) {
    message.put("edited_timestamp", DiscordObjects.timestamp(clock.instant()));
  }
}
