package io.iisbot.adapters.slack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The answers of {@link SlackStub}'s Web API methods, and the state they depend on. Each answer is
 * one Slack documents for that method; the stub knows no others.
 *
 * <p>Thread-safe.
 */
final class StubWebApi {

  /** An HTTP answer. */
  record Answer(int status, String contentType, String body) {
    static Answer json(String body) {
      return new Answer(200, "application/json; charset=utf-8", body);
    }
  }

  static final ObjectMapper JSON = JsonMapper.builder().build();

  private final Set<String> notInChannel = ConcurrentHashMap.newKeySet();
  private final Map<String, List<String>> groups = new ConcurrentHashMap<>();
  private volatile SlackStub.Failure userGroupsFailure;

  /** Messages that chat.update can find, as {@code channel + " " + ts}. */
  private final Set<String> messages = ConcurrentHashMap.newKeySet();

  private final AtomicLong lastTs = new AtomicLong();
  private final AtomicLong tickets = new AtomicLong();

  void notInChannel(String channel) {
    notInChannel.add(channel);
  }

  void groupMembers(String group, List<String> users) {
    groups.put(group, List.copyOf(users));
  }

  void failUserGroups(SlackStub.Failure how) {
    userGroupsFailure = how;
  }

  String existingMessage(String channel) {
    String ts = nextTs();
    messages.add(channel + " " + ts);
    return ts;
  }

  void reset() {
    notInChannel.clear();
    groups.clear();
    userGroupsFailure = null;
    messages.clear();
  }

  /**
   * Slack's answer to a call.
   *
   * @param token the bearer token, else the {@code token} parameter; null when neither
   * @param socketUrl the WebSocket URL that apps.connections.open hands out, without query
   */
  Answer answer(String method, Map<String, String> params, String token, String socketUrl) {
    boolean known =
        switch (method) {
          case "auth.test",
              "chat.postMessage",
              "chat.update",
              "chat.postEphemeral",
              "usergroups.users.list",
              "apps.connections.open" ->
              true;
          default -> false;
        };
    if (!known) {
      return error("unknown_method");
    }
    if (token == null || token.isEmpty()) {
      return error("not_authed");
    }
    // Slack's tokens all look like this; anything else (Bolt sends "null" when it has none) is
    // a token Slack does not know.
    if (!token.startsWith("xox") && !token.startsWith("xapp-")) {
      return error("invalid_auth");
    }
    // App-level tokens work only for opening Socket Mode connections, and nothing else does that.
    if (token.startsWith("xapp-") != method.equals("apps.connections.open")) {
      return error("not_allowed_token_type");
    }
    return switch (method) {
      case "auth.test" -> ok(authTest());
      case "chat.postMessage" -> postMessage(params);
      case "chat.update" -> update(params);
      case "chat.postEphemeral" -> postEphemeral(params);
      case "usergroups.users.list" -> userGroupMembers(params);
      default ->
          ok(
              object()
                  .put(
                      "url",
                      socketUrl
                          + "?ticket=ticket-"
                          + tickets.incrementAndGet()
                          + "&app_id="
                          + SlackStub.APP_ID));
    };
  }

  private static ObjectNode authTest() {
    return object()
        .put("url", "https://t.slack.com/")
        .put("team", "T")
        .put("user", "iisbot")
        .put("team_id", SlackStub.TEAM_ID)
        .put("user_id", SlackStub.BOT_USER_ID)
        .put("bot_id", SlackStub.BOT_ID);
  }

  private Answer postMessage(Map<String, String> params) {
    String channel = params.get("channel");
    if (channel == null || channel.isEmpty()) {
      return error("channel_not_found");
    }
    if (notInChannel.contains(channel)) {
      return error("not_in_channel");
    }
    Answer bad = checkContent(params);
    if (bad != null) {
      return bad;
    }
    String ts = nextTs();
    messages.add(channel + " " + ts);
    return ok(object().put("channel", channel).put("ts", ts).set("message", message(params, ts)));
  }

  private Answer update(Map<String, String> params) {
    String channel = params.get("channel");
    String ts = params.get("ts");
    if (channel == null || channel.isEmpty()) {
      return error("channel_not_found");
    }
    // Ephemeral messages are never in this set: Slack cannot update them either.
    if (ts == null || !messages.contains(channel + " " + ts)) {
      return error("message_not_found");
    }
    Answer bad = checkContent(params);
    if (bad != null) {
      return bad;
    }
    return ok(
        object()
            .put("channel", channel)
            .put("ts", ts)
            .put("text", params.getOrDefault("text", ""))
            .set("message", message(params, ts)));
  }

  private Answer postEphemeral(Map<String, String> params) {
    String channel = params.get("channel");
    if (channel == null || channel.isEmpty()) {
      return error("channel_not_found");
    }
    if (params.get("user") == null || params.get("user").isEmpty()) {
      return error("user_not_found");
    }
    if (notInChannel.contains(channel)) {
      return error("not_in_channel");
    }
    Answer bad = checkContent(params);
    return bad != null ? bad : ok(object().put("message_ts", nextTs()));
  }

  private Answer userGroupMembers(Map<String, String> params) {
    SlackStub.Failure failure = userGroupsFailure;
    if (failure == SlackStub.Failure.HTTP_500) {
      // What Slack's front end sends with a 500 is not documented; nothing should rely on it.
      return new Answer(500, "text/plain; charset=utf-8", "Internal Server Error");
    }
    if (failure == SlackStub.Failure.INTERNAL_ERROR) {
      return error("internal_error");
    }
    List<String> users = groups.get(params.getOrDefault("usergroup", ""));
    if (users == null) {
      return error("no_such_subteam");
    }
    ObjectNode answer = object();
    users.forEach(answer.putArray("users")::add);
    return ok(answer);
  }

  /** Slack refuses a message with nothing to show, and blocks that are not JSON. */
  private static Answer checkContent(Map<String, String> params) {
    if (params.containsKey("blocks") && parse(params.get("blocks")) == null) {
      return error("invalid_blocks_format");
    }
    boolean empty =
        List.of("text", "blocks", "attachments").stream()
            .allMatch(k -> params.getOrDefault(k, "").isEmpty());
    return empty ? error("no_text") : null;
  }

  private static ObjectNode message(Map<String, String> params, String ts) {
    ObjectNode message =
        object()
            .put("type", "message")
            .put("text", params.getOrDefault("text", ""))
            .put("user", SlackStub.BOT_USER_ID)
            .put("bot_id", SlackStub.BOT_ID)
            .put("ts", ts);
    if (params.containsKey("blocks")) {
      message.set("blocks", parse(params.get("blocks")));
    }
    return message;
  }

  /** Slack-style message timestamps, increasing: 1700000000.000100, 1700000000.000200, ... */
  private String nextTs() {
    long micros = lastTs.incrementAndGet() * 100;
    return String.format("%d.%06d", 1_700_000_000L + micros / 1_000_000, micros % 1_000_000);
  }

  private static ObjectNode object() {
    return JSON.createObjectNode();
  }

  private static Answer ok(ObjectNode fields) {
    ObjectNode body = object().put("ok", true);
    body.setAll(fields);
    return Answer.json(body.toString());
  }

  private static Answer error(String code) {
    return Answer.json(object().put("ok", false).put("error", code).toString());
  }

  static boolean isJson(String contentType) {
    return contentType != null
        && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json");
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /**
   * The parameters of a body: form fields, or a JSON object's fields (strings as their text, other
   * values as JSON). The last of repeated form fields wins. Empty for other bodies.
   */
  static Map<String, String> params(String contentType, String body) {
    Map<String, String> params = new LinkedHashMap<>();
    String type = contentType == null ? "" : contentType.toLowerCase(java.util.Locale.ROOT);
    if (type.startsWith("application/x-www-form-urlencoded")) {
      for (String pair : body.split("&")) {
        if (!pair.isEmpty()) {
          int eq = pair.indexOf('=');
          String name = eq < 0 ? pair : pair.substring(0, eq);
          String value = eq < 0 ? "" : pair.substring(eq + 1);
          params.put(decode(name), decode(value));
        }
      }
    } else if (isJson(type)) {
      JsonNode json = parse(body);
      if (json != null && json.isObject()) {
        for (Map.Entry<String, JsonNode> f : json.properties()) {
          JsonNode v = f.getValue();
          params.put(f.getKey(), v.isTextual() ? v.asText() : v.toString());
        }
      }
    }
    return Collections.unmodifiableMap(params);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
