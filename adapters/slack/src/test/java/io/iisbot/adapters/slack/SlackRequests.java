package io.iisbot.adapters.slack;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What Slack sends to an app: slash commands and button clicks as signed HTTP requests, and the
 * same as Socket Mode envelopes. Bodies follow Slack's samples in {@code fixtures/chat/slack/};
 * signatures come from Bolt's own {@code SlackSignature.Generator}, so tests do not take our
 * verifier's word for what a valid signature is.
 *
 * <p>The workspace is {@link SlackStub#TEAM_ID} ({@value #TEAM_DOMAIN}), the app {@link
 * SlackStub#APP_ID}. User and channel names are their ids in lower case: the adapter must key on
 * ids. Each request gets a fresh {@code trigger_id}, each envelope a fresh {@code envelope_id}.
 *
 * <p>Immutable and thread-safe.
 */
public final class SlackRequests {

  /** The workspace's domain. */
  public static final String TEAM_DOMAIN = "example";

  /** The legacy verification token Slack still puts in payloads (from Bolt's sample). */
  public static final String VERIFICATION_TOKEN = "gIkuvaNzQIHg97ATvDxqgjtO";

  /** The block id of the clicked button's actions block. */
  public static final String BLOCK_ID = "iisbot-actions";

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final AtomicLong TRIGGERS = new AtomicLong();

  private final String signingSecret;
  private final Clock clock;

  /**
   * A signed request: the raw body and Slack's headers ({@code Content-Type}, {@code User-Agent},
   * {@code X-Slack-Request-Timestamp}, {@code X-Slack-Signature}), in an unmodifiable map.
   */
  public record Signed(String body, Map<String, String> headers) {

    /** A header's value, or null. */
    public String header(String name) {
      return headers.get(name);
    }

    /**
     * The same request as Slack's {@code n}th retry ({@code X-Slack-Retry-Num}, {@code
     * X-Slack-Retry-Reason: http_timeout}); Slack does not sign these headers.
     */
    public Signed withRetry(int n) {
      Map<String, String> retried = new LinkedHashMap<>(headers);
      retried.put("X-Slack-Retry-Num", String.valueOf(n));
      retried.put("X-Slack-Retry-Reason", "http_timeout");
      return new Signed(body, Collections.unmodifiableMap(retried));
    }

    /** POSTs the request with its headers, as Slack would. */
    public HttpResponse<String> postTo(URI url) throws IOException, InterruptedException {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(url).POST(HttpRequest.BodyPublishers.ofString(body));
      headers.forEach(request::header);
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
  }

  /** A Socket Mode envelope and its id, which the client's ack must carry. */
  public record Envelope(String envelopeId, String json) {}

  /**
   * @param signingSecret the app's signing secret
   * @param clock gives the requests' timestamps
   */
  public SlackRequests(String signingSecret, Clock clock) {
    this.signingSecret = signingSecret;
    this.clock = clock;
  }

  /** The same, with every request signed at the given second (e.g. to make it stale). */
  public SlackRequests signedAt(long epochSeconds) {
    return new SlackRequests(
        signingSecret, Clock.fixed(Instant.ofEpochSecond(epochSeconds), ZoneOffset.UTC));
  }

  /** A slash command as Slack POSTs it: a form-encoded body, signed. */
  public Signed slashCommand(
      String command, String text, String userId, String channelId, String responseUrl) {
    StringJoiner form = new StringJoiner("&");
    slashCommandFields(command, text, userId, channelId, responseUrl)
        .forEach((name, value) -> form.add(encode(name) + "=" + encode(value)));
    return sign(form.toString());
  }

  /** A button click as Slack POSTs it: {@code payload=<url-encoded JSON>}, signed. */
  public Signed blockAction(
      String userId,
      String channelId,
      String messageTs,
      String actionId,
      String value,
      String responseUrl) {
    ObjectNode payload =
        blockActionPayload(userId, channelId, messageTs, actionId, value, responseUrl);
    return sign("payload=" + encode(payload.toString()));
  }

  /** Any form-encoded body, signed now by the clock. */
  public Signed sign(String body) {
    String timestamp = String.valueOf(clock.instant().getEpochSecond());
    String signature =
        new com.slack.api.app_backend.SlackSignature.Generator(signingSecret)
            .generate(timestamp, body);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/x-www-form-urlencoded");
    headers.put("User-Agent", "Slackbot 1.0 (+https://api.slack.com/robots)");
    headers.put("X-Slack-Request-Timestamp", timestamp);
    headers.put("X-Slack-Signature", signature);
    return new Signed(body, Collections.unmodifiableMap(headers));
  }

  /** A slash command in a Socket Mode envelope ({@code slash_commands}, accepts a payload). */
  public Envelope socketEnvelopeSlashCommand(
      String command, String text, String userId, String channelId, String responseUrl) {
    ObjectNode payload = StubWebApi.JSON.createObjectNode();
    slashCommandFields(command, text, userId, channelId, responseUrl).forEach(payload::put);
    return envelope("slash_commands", true, payload);
  }

  /** A button click in a Socket Mode envelope ({@code interactive}). */
  public Envelope socketEnvelopeBlockAction(
      String userId,
      String channelId,
      String messageTs,
      String actionId,
      String value,
      String responseUrl) {
    return envelope(
        "interactive",
        false,
        blockActionPayload(userId, channelId, messageTs, actionId, value, responseUrl));
  }

  private static Envelope envelope(String type, boolean acceptsPayload, ObjectNode payload) {
    String id = UUID.randomUUID().toString();
    ObjectNode envelope = StubWebApi.JSON.createObjectNode().put("envelope_id", id);
    envelope.set("payload", payload);
    envelope.put("type", type).put("accepts_response_payload", acceptsPayload);
    return new Envelope(id, envelope.toString());
  }

  private static Map<String, String> slashCommandFields(
      String command, String text, String userId, String channelId, String responseUrl) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("token", VERIFICATION_TOKEN);
    fields.put("team_id", SlackStub.TEAM_ID);
    fields.put("team_domain", TEAM_DOMAIN);
    fields.put("channel_id", channelId);
    fields.put("channel_name", name(channelId));
    fields.put("user_id", userId);
    fields.put("user_name", name(userId));
    fields.put("command", command);
    fields.put("text", text);
    fields.put("api_app_id", SlackStub.APP_ID);
    fields.put("is_enterprise_install", "false");
    fields.put("response_url", responseUrl);
    fields.put("trigger_id", triggerId());
    return fields;
  }

  /** Modelled on {@code block-actions-payload.json}, with the button in a message's blocks. */
  private ObjectNode blockActionPayload(
      String userId,
      String channelId,
      String messageTs,
      String actionId,
      String value,
      String responseUrl) {
    ObjectNode p = StubWebApi.JSON.createObjectNode().put("type", "block_actions");
    p.putObject("user")
        .put("id", userId)
        .put("username", name(userId))
        .put("name", name(userId))
        .put("team_id", SlackStub.TEAM_ID);
    p.put("api_app_id", SlackStub.APP_ID).put("token", VERIFICATION_TOKEN);
    p.putObject("container")
        .put("type", "message")
        .put("message_ts", messageTs)
        .put("channel_id", channelId)
        .put("is_ephemeral", false);
    p.put("trigger_id", triggerId());
    p.putObject("team").put("id", SlackStub.TEAM_ID).put("domain", TEAM_DOMAIN);
    p.put("is_enterprise_install", false);
    p.putObject("channel").put("id", channelId).put("name", name(channelId));
    p.putObject("message")
        .put("bot_id", SlackStub.BOT_ID)
        .put("type", "message")
        .put("text", "This content can't be displayed.")
        .put("user", SlackStub.BOT_USER_ID)
        .put("ts", messageTs)
        .put("team", SlackStub.TEAM_ID);
    p.put("response_url", responseUrl);
    ObjectNode action =
        p.putArray("actions").addObject().put("action_id", actionId).put("block_id", BLOCK_ID);
    action.putObject("text").put("type", "plain_text").put("text", actionId).put("emoji", true);
    action.put("value", value).put("type", "button").put("action_ts", actionTs());
    return p;
  }

  private String actionTs() {
    Instant now = clock.instant();
    return String.format("%d.%06d", now.getEpochSecond(), now.getNano() / 1000);
  }

  private static String triggerId() {
    return String.format(
        "%d.%d.%s",
        13_345_224_609L + TRIGGERS.incrementAndGet(),
        738_474_920L,
        UUID.randomUUID().toString().replace("-", ""));
  }

  private static String name(String id) {
    return id.toLowerCase(Locale.ROOT);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
