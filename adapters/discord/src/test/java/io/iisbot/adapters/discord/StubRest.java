package io.iisbot.adapters.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The answers of {@link DiscordStub}'s REST API, routed by method and path (relative to {@code
 * /api/v10}). Only the endpoints the bot and JDA use are known; the rest get Discord's {@code 404:
 * Not Found}. Interaction callbacks and webhooks need no token, like on Discord; everything else
 * needs {@code Authorization: Bot <token>}, any token but {@link DiscordStub#INVALID_TOKEN}.
 *
 * <p>Thread-safe.
 */
final class StubRest {

  /** A request, its path relative to the API base and without the query. */
  record Request(
      String method, String path, Map<String, String> query, String body, String authorization) {}

  private static final String APP = DiscordStub.APPLICATION_ID;

  private final StubMessages messages;
  private final Supplier<String> gatewayUrl;
  private final String verifyKey;

  /** Registered commands: global under "", a guild's under its id. */
  private final Map<String, ArrayNode> commands = new ConcurrentHashMap<>();

  /** The guild's members and their role ids (besides @everyone). */
  private final Map<String, List<String>> members = new ConcurrentHashMap<>();

  private volatile boolean webhooksFail;

  StubRest(StubMessages messages, Supplier<String> gatewayUrl, String verifyKey) {
    this.messages = messages;
    this.gatewayUrl = gatewayUrl;
    this.verifyKey = verifyKey;
    reset();
  }

  void reset() {
    commands.clear();
    members.clear();
    members.put(DiscordStub.BOT_USER_ID, List.of());
    members.put(DiscordStub.OPERATOR_ID, List.of(DiscordStub.ONCALL_ROLE_ID));
    webhooksFail = false;
  }

  /** Makes the user a member with exactly these roles; null removes them from the guild. */
  void member(String userId, List<String> roleIds) {
    if (roleIds == null) {
      members.remove(userId);
    } else {
      members.put(userId, List.copyOf(roleIds));
    }
  }

  /** From now on every interaction webhook call is refused as an expired token's. */
  void failWebhooks() {
    webhooksFail = true;
  }

  StubAnswer answer(Request r) {
    Matcher m;
    if ((m = route(r, "POST", "/interactions/(\\d+)/([^/]+)/callback")) != null) {
      boolean withResponse = "true".equals(r.query().get("with_response"));
      return messages.callback(m.group(1), m.group(2), r.body(), withResponse);
    }
    if (webhooksFail && r.path().startsWith("/webhooks/")) {
      return StubAnswer.error(401, 50027, "Invalid Webhook Token");
    }
    if ((m = route(r, "(GET|PATCH|DELETE)", "/webhooks/(\\d+)/([^/]+)/messages/(@original|\\d+)"))
        != null) {
      return m.group(1).equals(APP)
          ? messages.webhookMessage(r.method(), m.group(2), m.group(3), r.body())
          : StubAnswer.unknownWebhook();
    }
    if ((m = route(r, "POST", "/webhooks/(\\d+)/([^/]+)")) != null) {
      return m.group(1).equals(APP)
          ? messages.followup(m.group(2), r.body())
          : StubAnswer.unknownWebhook();
    }
    if (route(r, "GET", "/gateway") != null) {
      return StubAnswer.ok(DiscordObjects.object().put("url", gatewayUrl.get()));
    }
    String auth = r.authorization();
    if (auth == null
        || !auth.startsWith("Bot ")
        || auth.equals("Bot " + DiscordStub.INVALID_TOKEN)) {
      return StubAnswer.error(401, 0, "401: Unauthorized");
    }
    return botAnswer(r);
  }

  private StubAnswer botAnswer(Request r) {
    Matcher m;
    if (route(r, "GET", "/users/@me") != null) {
      return StubAnswer.ok(
          DiscordObjects.botUser()
              .put("verified", true)
              .put("mfa_enabled", false)
              .put("locale", "en-US")
              .putNull("email")
              .put("premium_type", 0));
    }
    if (route(r, "GET", "/gateway/bot") != null) {
      ObjectNode gateway = DiscordObjects.object().put("url", gatewayUrl.get()).put("shards", 1);
      gateway
          .putObject("session_start_limit")
          .put("total", 1000)
          .put("remaining", 999)
          .put("reset_after", 14_400_000)
          .put("max_concurrency", 1);
      return StubAnswer.ok(gateway);
    }
    if (route(r, "GET", "/(oauth2/)?applications/@me") != null) {
      return StubAnswer.ok(application());
    }
    if ((m = route(r, "(GET|PUT)", "/applications/(\\d+)(?:/guilds/(\\d+))?/commands")) != null) {
      if (!m.group(1).equals(APP)) {
        return StubAnswer.error(403, 50001, "Missing Access");
      }
      String guild = m.group(2);
      if (r.method().equals("GET")) {
        return StubAnswer.ok(commands.getOrDefault(guild == null ? "" : guild, emptyArray()));
      }
      return overwriteCommands(guild, r.body());
    }
    if ((m = route(r, "GET", "/guilds/(\\d+)/members/(\\d+)")) != null) {
      return member(m.group(1), m.group(2));
    }
    if ((m = route(r, "GET", "/channels/(\\d+)")) != null) {
      return messages.channel(m.group(1));
    }
    if ((m = route(r, "POST", "/channels/(\\d+)/messages")) != null) {
      return messages.post(m.group(1), r.body());
    }
    if ((m = route(r, "PATCH", "/channels/(\\d+)/messages/(\\d+)")) != null) {
      return messages.editInChannel(m.group(1), m.group(2), r.body());
    }
    return StubAnswer.notFound();
  }

  /** The path's groups, if both match; the method is a regex too: {@code "(GET|PATCH)"}. */
  private static Matcher route(Request r, String method, String path) {
    if (!r.method().matches(method)) {
      return null;
    }
    Matcher m = Pattern.compile(path).matcher(r.path());
    return m.matches() ? m : null;
  }

  /**
   * {@code GET /guilds/{guild}/members/{user}}: the member with their roles, as Discord answers.
   */
  private StubAnswer member(String guildId, String userId) {
    if (!guildId.equals(DiscordStub.GUILD_ID)) {
      return StubAnswer.error(404, 10004, "Unknown Guild");
    }
    List<String> roles = members.get(userId);
    if (roles == null) {
      return StubAnswer.error(404, 10007, "Unknown Member");
    }
    ObjectNode user =
        userId.equals(DiscordStub.BOT_USER_ID)
            ? DiscordObjects.botUser()
            : DiscordObjects.user(userId);
    return StubAnswer.ok(DiscordObjects.member(user, roles, null));
  }

  /** {@code PUT .../commands}: the commands as Discord stores them, with ids. */
  private StubAnswer overwriteCommands(String guildId, String body) {
    JsonNode sent = DiscordObjects.parse(body);
    if (sent == null || !sent.isArray()) {
      return StubAnswer.error(400, 50035, "Invalid Form Body");
    }
    ArrayNode stored = emptyArray();
    for (JsonNode command : sent) {
      String name = command.path("name").asText();
      ObjectNode c =
          DiscordObjects.object()
              .put("id", DiscordObjects.commandId(guildId, name))
              .put("application_id", APP)
              .put("version", DiscordObjects.commandId(guildId, name))
              .put("type", 1)
              .putNull("default_member_permissions")
              .put("nsfw", false)
              .putNull("name_localizations")
              .putNull("description_localizations");
      if (guildId != null) {
        c.put("guild_id", guildId);
      } else {
        c.putArray("integration_types").add(0);
        c.putArray("contexts").add(0).add(1).add(2);
      }
      c.setAll((ObjectNode) command);
      stored.add(c);
    }
    commands.put(guildId == null ? "" : guildId, stored);
    return StubAnswer.ok(stored);
  }

  private ObjectNode application() {
    ObjectNode app =
        DiscordObjects.object()
            .put("id", APP)
            .put("name", DiscordStub.BOT_NAME)
            .putNull("icon")
            .put("description", "")
            .put("summary", "")
            .putNull("type")
            .put("bot_public", false)
            .put("bot_require_code_grant", false)
            .put("verify_key", verifyKey)
            .put("flags", 0)
            .putNull("team")
            .putNull("interactions_endpoint_url")
            .put("hook", true)
            .put("is_monetized", false);
    app.set("owner", DiscordObjects.user(DiscordStub.OPERATOR_ID));
    app.set("bot", DiscordObjects.botUser());
    app.putArray("redirect_uris");
    app.putArray("tags");
    return app;
  }

  private static ArrayNode emptyArray() {
    return DiscordObjects.JSON.createArrayNode();
  }
}
