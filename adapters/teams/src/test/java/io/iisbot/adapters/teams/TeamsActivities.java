package io.iisbot.adapters.teams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Activities as Teams posts them to a bot (the shapes of Microsoft's samples under {@code
 * teams/activities/}), and posting them to {@code /teams/messages} with a token. Thread-safe.
 */
public final class TeamsActivities {

  public static final String BOT_NAME = "iisbot";

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String serviceUrl;
  private final AtomicLong ids = new AtomicLong(1_481_567_603_816L);

  /**
   * @param serviceUrl the connector activities name (the stub's)
   */
  public TeamsActivities(String serviceUrl) {
    this.serviceUrl = serviceUrl;
  }

  /** Someone in the organization: their Entra object id and their Teams id. */
  public record Person(String aadObjectId, String teamsId, String name) {
    public String identity() {
      return "teams:" + aadObjectId;
    }
  }

  public static final Person MEGAN =
      new Person(
          "7faf8ab2-3d56-4244-b585-20c8a42ed2b8",
          "29:1XJKJMvc5GBtc2JwZq0oj8tHZmzrQgFmB39ATiQWA85gQtHieVkKilBZ9XHoq9j7Zaqt7CZ-NJWi7me2kHTL3Bw",
          "Megan Bowen");
  public static final Person ADELE =
      new Person(
          "0c2a4b5e-1f3d-4a6b-9c8d-7e6f5a4b3c2d", "29:1adeleVkKilBZ9XHoq9j7Zaqt7CZ", "Adele Vance");
  public static final Person GUEST =
      new Person(
          "5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a", "29:1guestQ0oj8tHZmzrQgFmB39", "Guest User");

  private String nextId() {
    return Long.toString(ids.incrementAndGet());
  }

  private ObjectNode base(String type, Person from, String conversation, String conversationType) {
    ObjectNode a = json.createObjectNode();
    a.put("type", type);
    a.put("id", nextId());
    a.put("timestamp", "2024-05-06T07:08:09.123Z");
    a.put("serviceUrl", serviceUrl);
    a.put("channelId", "msteams");
    a.putObject("from")
        .put("id", from.teamsId())
        .put("name", from.name())
        .put("aadObjectId", from.aadObjectId());
    ObjectNode c = a.putObject("conversation");
    c.put("conversationType", conversationType);
    c.put("tenantId", TeamsStub.TENANT_ID);
    c.put("id", conversation);
    if ("channel".equals(conversationType)) {
      c.put("isGroup", true);
    }
    a.putObject("recipient").put("id", "28:" + TeamsStub.APP_ID).put("name", BOT_NAME);
    a.put("locale", "en-US");
    return a;
  }

  private static void channelData(ObjectNode a, boolean inChannel) {
    ObjectNode d = a.putObject("channelData");
    if (inChannel) {
      d.put("teamsChannelId", TeamsStub.CHANNEL_ID);
      d.put("teamsTeamId", TeamsStub.TEAM_ID);
      d.putObject("channel").put("id", TeamsStub.CHANNEL_ID);
      d.putObject("team").put("id", TeamsStub.TEAM_ID);
    }
    d.putObject("tenant").put("id", TeamsStub.TENANT_ID);
  }

  /** The channel thread a message starts: {@code 19:…;messageid=…}. */
  public static String thread(String messageId) {
    return TeamsStub.CHANNEL_ID + ";messageid=" + messageId;
  }

  /** {@code @iisbot <text>} in the team's channel, the mention as an entity. */
  public ObjectNode channelMessage(Person from, String text) {
    String id = nextId();
    ObjectNode a = base("message", from, thread(id), "channel");
    a.put("id", id);
    String mention = "<at>" + BOT_NAME + "</at>";
    a.put("text", mention + " " + text);
    a.put("textFormat", "plain");
    ObjectNode e = a.putArray("entities").addObject();
    e.put("type", "mention");
    e.put("text", mention);
    e.putObject("mentioned").put("id", "28:" + TeamsStub.APP_ID).put("name", BOT_NAME);
    a.withArray("entities")
        .addObject()
        .put("type", "clientInfo")
        .put("locale", "en-US")
        .put("country", "US")
        .put("platform", "Web");
    channelData(a, true);
    return a;
  }

  /** {@code text} in the person's personal chat with the bot. */
  public ObjectNode personalMessage(Person from, String text) {
    ObjectNode a = base("message", from, personalChat(from), "personal");
    a.put("text", text);
    a.put("textFormat", "plain");
    channelData(a, false);
    return a;
  }

  public static String personalChat(Person p) {
    return "a:1" + p.aadObjectId().replace("-", "") + "personal";
  }

  /**
   * A click on the button labelled {@code label} of the card the bot sent as {@code activity} (its
   * id {@code activityId}), in {@code conversation}: an {@code adaptiveCard/action} invoke carrying
   * the button's {@code Action.Execute} as the card has it.
   */
  public ObjectNode click(
      Person from, String conversation, String activityId, JsonNode sentActivity, String label) {
    JsonNode button = button(sentActivity, label);
    ObjectNode a =
        base("invoke", from, conversation, conversation.startsWith("a:") ? "personal" : "channel");
    a.put("name", "adaptiveCard/action");
    a.put("replyToId", activityId);
    ObjectNode value = a.putObject("value");
    ObjectNode action = value.putObject("action");
    action.put("type", "Action.Execute");
    action.put("id", button.path("id").asText(""));
    action.put("verb", button.path("verb").asText());
    action.set("data", button.path("data").deepCopy());
    value.put("trigger", "manual");
    channelData(a, !conversation.startsWith("a:"));
    return a;
  }

  /** The {@code Action.Execute} titled {@code label} anywhere in an activity's card. */
  public static JsonNode button(JsonNode activity, String label) {
    for (JsonNode n : activity.findParents("type")) {
      if ("Action.Execute".equals(n.path("type").asText())
          && label.equals(n.path("title").asText())) {
        return n;
      }
    }
    throw new AssertionError("no " + label + " button in " + activity);
  }

  /** The bot added to a team: a conversationUpdate the bot only acknowledges. */
  public ObjectNode botAdded(Person by) {
    ObjectNode a = base("conversationUpdate", by, TeamsStub.CHANNEL_ID, "channel");
    a.putArray("membersAdded").addObject().put("id", "28:" + TeamsStub.APP_ID);
    channelData(a, true);
    ((ObjectNode) a.get("channelData")).put("eventType", "teamMemberAdded");
    return a;
  }

  /** Posts the activity with {@code Authorization: Bearer <token>} (none when null). */
  public HttpResponse<String> post(URI endpoint, JsonNode activity, String token) {
    return post(endpoint, write(activity), token);
  }

  /** Posts a raw body. */
  public HttpResponse<String> post(URI endpoint, String body, String token) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(endpoint)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public String write(JsonNode n) {
    try {
      return json.writeValueAsString(n);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
