package io.iisbot.adapters.discord;

import com.fasterxml.jackson.databind.JsonNode;
import io.iisbot.adapters.testing.Recording;
import io.javalin.Javalin;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Discord for tests, on {@code 127.0.0.1} and a free port: the REST API (v10) the bot and JDA use,
 * and a gateway WebSocket that logs a bot into one guild and delivers the interactions a test
 * pushes. Every REST request is recorded, answered or not, and every gateway frame received.
 *
 * <p>Point JDA at it with {@code new RestConfig().setBaseUrl(stub.restUrl())}, a {@code
 * SessionController} whose {@code getGateway()} is {@link #gatewayUrl()}, and {@code
 * Compression.NONE} (see {@code DiscordStubJdaTest}). The world it serves: application {@value
 * #APPLICATION_ID} with bot user {@value #BOT_USER_ID} ({@value #BOT_NAME}; the two ids differ on
 * purpose, to catch one used for the other), guild {@value #GUILD_ID} with text channel {@value
 * #CHANNEL_ID}, roles @everyone (the guild's id) and {@value #ONCALL_ROLE_NAME} ({@value
 * #ONCALL_ROLE_ID}), members the bot and {@value #OPERATOR_ID} (on call, and the owner).
 *
 * <ul>
 *   <li>{@code GET /users/@me}, {@code /gateway}, {@code /gateway/bot}, {@code /applications/@me},
 *       {@code /oauth2/applications/@me}: the bot, the gateway, the application (its {@code
 *       verify_key} is {@link #signer()}'s public key).
 *   <li>{@code PUT} (and {@code GET}) {@code /applications/{app}/commands} and {@code
 *       .../guilds/{guild}/commands}: the commands sent, with ids, stable per name.
 *   <li>{@code POST /interactions/{id}/{token}/callback}: 204, or with {@code ?with_response=true}
 *       (what JDA 6 sends) 200 and an interaction callback response; a second callback for the same
 *       interaction 400 (40060). Types 4 and 5 create the {@code @original} message (5 as loading);
 *       6 and 7 make it the clicked message.
 *   <li>{@code GET/PATCH/DELETE /webhooks/{app}/{token}/messages/@original} or {@code /{id}}, and
 *       {@code POST /webhooks/{app}/{token}} (followup): the whole message, as Discord answers.
 *       PATCH of {@code @original} for a token the stub never saw creates it (HTTP mode, where the
 *       first answer goes back in an HTTP response).
 *   <li>{@code GET /guilds/{guild}/members/{user}}: a member of the guild with their roles (the bot
 *       and {@value #OPERATOR_ID} unless changed with {@link #memberRoles} or {@link
 *       #removeMember}), 404 (10007 Unknown Member) for anyone else, 404 (10004) for another guild.
 *   <li>{@code GET /channels/{id}}, {@code POST /channels/{id}/messages}, {@code PATCH
 *       /channels/{id}/messages/{m}}: known channels only (the guild's, and those of interactions
 *       seen), 403 (50001) for a channel given to {@link #denyChannel}.
 *   <li>Anything else: 404 {@code {"message": "404: Not Found", "code": 0}}.
 * </ul>
 *
 * <p>{@link #failWebhooks} makes every webhook call fail as with an expired token. Bot endpoints
 * need {@code Authorization: Bot <any token>}; {@value #INVALID_TOKEN} gets 401, as a revoked token
 * would. Callbacks and webhooks need none. No rate-limit headers are sent.
 *
 * <p>Thread-safe. Close it to stop the server (shut JDA down first, or it will try to reconnect).
 */
public final class DiscordStub implements AutoCloseable {

  /** The application, as READY and {@code /applications/@me} tell it; webhooks use it. */
  public static final String APPLICATION_ID = "1301000000000000001";

  /** The bot's user id. */
  public static final String BOT_USER_ID = "1301000000000000002";

  /** The bot's user name. */
  public static final String BOT_NAME = "iisbot";

  /** The one guild; also the id of its @everyone role. */
  public static final String GUILD_ID = "1301000000000000010";

  /** The guild's name. */
  public static final String GUILD_NAME = "iisbot test guild";

  /** The guild's text channel. */
  public static final String CHANNEL_ID = "1301000000000000020";

  /** The text channel's name. */
  public static final String CHANNEL_NAME = "ops";

  /** A role besides @everyone, for role checks. */
  public static final String ONCALL_ROLE_ID = "1301000000000000030";

  /** The role's name. */
  public static final String ONCALL_ROLE_NAME = "oncall";

  /** A human member with the {@value #ONCALL_ROLE_NAME} role; the guild's owner. */
  public static final String OPERATOR_ID = "1301000000000000040";

  /** The one bot token the stub refuses (401), to test a failed login. */
  public static final String INVALID_TOKEN = "invalid-token";

  /**
   * A recorded REST request.
   *
   * @param method GET, POST, ...
   * @param path relative to {@code /api/v10} (e.g. {@code /users/@me}), without the query; the
   *     whole path for a request outside {@code /api/v10}
   * @param query the raw query ({@code with_response=true}), null when none
   * @param body the raw body, empty when none (for multipart, just the {@code payload_json} part)
   * @param headers the request headers, case-insensitive, unmodifiable
   * @param at when the stub received it, by its clock
   * @param status the status answered
   * @param answer the body answered, null for none (204)
   */
  public record Call(
      String method,
      String path,
      String query,
      String body,
      Map<String, String> headers,
      Instant at,
      int status,
      String answer) {

    /** A header's value, or null. */
    public String header(String name) {
      return headers.get(name);
    }

    /** The body as JSON, null if it is empty or not JSON. */
    public JsonNode json() {
      return body.isEmpty() ? null : DiscordObjects.parse(body);
    }

    /** The answer as JSON, null if it is none. */
    public JsonNode answerJson() {
      return answer == null ? null : DiscordObjects.parse(answer);
    }
  }

  private final DiscordSigner signer;
  private final Recording<Call> calls = new Recording<>();
  private final StubMessages messages;
  private final StubGateway gateway;
  private final StubRest rest;
  private final Javalin server;

  /** Starts a stub whose recorded calls and messages carry the system clock's time. */
  public DiscordStub() {
    this(Clock.systemUTC());
  }

  /** Starts a stub; times and fresh ids come from the clock. */
  public DiscordStub(Clock clock) {
    this.signer = new DiscordSigner(clock);
    this.messages = new StubMessages(clock);
    // The port is known once the server runs; both read the URL only when a client calls.
    this.gateway = new StubGateway(clock, this::gatewayUrl);
    this.rest = new StubRest(messages, this::gatewayUrl, signer.publicKeyHex());
    StubHttp http = new StubHttp(clock, rest, calls);
    this.server =
        Javalin.create(
                cfg -> {
                  cfg.startup.showJavalinBanner = false;
                  cfg.startup.showOldJavalinVersionWarning = false;
                  cfg.jetty.host = "127.0.0.1";
                  cfg.jetty.port = 0;
                  http.register(cfg);
                  gateway.register(cfg);
                })
            .start();
  }

  /**
   * The REST base for JDA's {@code RestConfig.setBaseUrl}: {@code
   * http://127.0.0.1:<port>/api/v10/}.
   */
  public String restUrl() {
    return base("http") + StubHttp.API + "/";
  }

  /** The gateway, as {@code /gateway} hands it out: {@code ws://127.0.0.1:<port>/gateway}. */
  public String gatewayUrl() {
    return base("ws") + StubGateway.PATH;
  }

  private String base(String scheme) {
    return scheme + "://127.0.0.1:" + server.port();
  }

  /** The application's signing keys; {@code /applications/@me} gives its public key. */
  public DiscordSigner signer() {
    return signer;
  }

  /** Forgets the recorded calls (a long test keeps memory flat with it). */
  public void forgetCalls() {
    calls.clear();
  }

  /** Every REST request so far, in order, known endpoints or not. */
  public List<Call> calls() {
    return calls.matching(c -> true);
  }

  /**
   * The requests with the method whose path matches the regex as a whole, in order: {@code
   * calls("PATCH", "/webhooks/\\d+/[^/]+/messages/@original")}.
   */
  public List<Call> calls(String method, String pathRegex) {
    Pattern path = Pattern.compile(pathRegex);
    return calls.matching(c -> c.method().equals(method) && path.matcher(c.path()).matches());
  }

  /**
   * The first request with the method that matches, already made or made within the timeout.
   *
   * @throws AssertionError if none comes; the message lists the requests recorded
   */
  public Call awaitCall(String method, Predicate<Call> match, Duration timeout) {
    return calls.await(
        c -> c.method().equals(method) && match.test(c), timeout, method + " request");
  }

  /** The same, for a path matching the regex as a whole. */
  public Call awaitCall(String method, String pathRegex, Duration timeout) {
    Pattern path = Pattern.compile(pathRegex);
    return awaitCall(method, c -> path.matcher(c.path()).matches(), timeout);
  }

  /**
   * From now on every interaction webhook call ({@code /webhooks/...}: edits, deletes, followups)
   * is refused with 401, code 50027 Invalid Webhook Token, as when a token has expired.
   */
  public DiscordStub failWebhooks() {
    rest.failWebhooks();
    return this;
  }

  /** From now on, the bot may not see or post in the channel: 403, code 50001 Missing Access. */
  public DiscordStub denyChannel(String channelId) {
    messages.deny(channelId);
    return this;
  }

  /** From now on, the user is a member of the guild with exactly these roles. */
  public DiscordStub memberRoles(String userId, String... roleIds) {
    rest.member(userId, List.of(roleIds));
    return this;
  }

  /** From now on, the user is not a member of the guild: 404, code 10007 Unknown Member. */
  public DiscordStub removeMember(String userId) {
    rest.member(userId, null);
    return this;
  }

  /**
   * Delivers an interaction over the gateway as INTERACTION_CREATE, once a session is ready (at
   * once if one is). The stub remembers its token, channel and message for the webhook calls.
   *
   * @throws IllegalArgumentException if it is not a JSON object
   */
  public void pushInteraction(String interactionJson) {
    messages.remember(object(interactionJson), false);
    gateway.dispatch("INTERACTION_CREATE", interactionJson);
  }

  /**
   * Tells the stub about an interaction delivered over HTTP, answered in the HTTP response: webhook
   * calls with its token use its channel and message, and the first PATCH of {@code @original}
   * makes the reply.
   *
   * @throws IllegalArgumentException if it is not a JSON object
   */
  public void remember(String interactionJson) {
    messages.remember(object(interactionJson), true);
  }

  private static JsonNode object(String interactionJson) {
    JsonNode json = DiscordObjects.parse(interactionJson);
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException(
          "an interaction is a JSON object, was: " + interactionJson);
    }
    return json;
  }

  /** Sends any dispatch event ({@code op 0}, type {@code t}) once a session is ready. */
  public void dispatch(String type, String dataJson) {
    gateway.dispatch(type, dataJson);
  }

  /**
   * Waits until a gateway session has been sent READY and GUILD_CREATE (JDA's own {@code
   * awaitReady()} then follows within moments).
   *
   * @throws AssertionError if none is ready within the timeout
   */
  public void awaitReady(Duration timeout) {
    gateway.awaitReady(timeout);
  }

  /**
   * The {@code d} of the first IDENTIFY (token, intents, properties, ...).
   *
   * @throws AssertionError if none comes within the timeout
   */
  public JsonNode awaitIdentified(Duration timeout) {
    return gateway.awaitIdentified(timeout);
  }

  /** Every text frame gateway clients sent, in order. */
  public List<String> gatewayFrames() {
    return gateway.frames();
  }

  /** How many gateway connections were opened, reconnections included. */
  public int gatewayConnections() {
    return gateway.connections();
  }

  /**
   * Forgets the recorded requests and frames, the events not yet sent, registered commands,
   * messages, interactions seen and denied channels; the guild's members are as at the start. An
   * open gateway session stays open.
   */
  public void reset() {
    calls.clear();
    gateway.reset();
    messages.reset();
    rest.reset();
  }

  /** Stops the server, closing any gateway connection. */
  @Override
  public void close() {
    server.stop();
  }
}
