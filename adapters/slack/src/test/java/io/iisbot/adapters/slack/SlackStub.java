package io.iisbot.adapters.slack;

import io.iisbot.adapters.testing.Recording;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Slack for tests, on {@code 127.0.0.1} and a free port: the Web API methods the adapter uses, the
 * {@code response_url}s of its payloads, and a Socket Mode WebSocket; every call is recorded.
 *
 * <p>Point Bolt at it with {@code SlackConfig.setMethodsEndpointUrlPrefix(stub.apiUrl())}; give
 * payloads a {@link #responseUrl(String)}. The stub answers only as Slack does: a method it does
 * not know gets {@code unknown_method}, a call without a token {@code not_authed}, one whose token
 * does not look like Slack's ({@code xox…}, {@code xapp-…}) {@code invalid_auth}, an app-level
 * ({@code xapp-}) token anywhere but {@code apps.connections.open} {@code not_allowed_token_type}.
 * Any well-formed token is accepted otherwise.
 *
 * <ul>
 *   <li>{@code auth.test}: bot {@value #BOT_USER_ID} ({@value #BOT_ID}) in team {@value #TEAM_ID}.
 *   <li>{@code chat.postMessage}: a new increasing {@code ts} ({@code 1700000000.000100}, ...), or
 *       {@code not_in_channel} for a channel given to {@link #notInChannel}, {@code no_text}
 *       without text, blocks and attachments, {@code invalid_blocks_format} for blocks that are not
 *       JSON.
 *   <li>{@code chat.update}: only messages posted here or made by {@link #existingMessage}, else
 *       {@code message_not_found} (so never an ephemeral one, as on Slack).
 *   <li>{@code chat.postEphemeral}: a {@code message_ts}; {@code not_in_channel} as above.
 *   <li>{@code usergroups.users.list}: the members set by {@link #groupMembers}, {@code
 *       no_such_subteam} for others, or a failure set by {@link #failUserGroups}.
 *   <li>{@code apps.connections.open}: the URL of this stub's WebSocket.
 *   <li>A response_url: {@code {"ok":true}}, from the sixth post on {@code used_url}.
 * </ul>
 *
 * <p>Bolt calls {@code auth.test} on its own: an {@code App} with a bot token once, and its Web API
 * client (with {@code SlackConfig} stats on, the default) before a token's first call, once per
 * token per JVM, since it caches team ids statically. With an {@code xapp-} token that call is
 * refused and Bolt logs an error and goes on. So count calls of a method, not of all of them.
 *
 * <p>Thread-safe. Close it to stop the server.
 */
public final class SlackStub implements AutoCloseable {

  /** The team the stub's workspace has. */
  public static final String TEAM_ID = "T0001";

  /** The bot's user id, as {@code auth.test} tells it; posted messages carry it. */
  public static final String BOT_USER_ID = "UBOT";

  /** The bot's bot id, as {@code auth.test} tells it; posted messages carry it. */
  public static final String BOT_ID = "BBOT";

  /** The app's id, as Socket Mode's {@code hello} and {@code apps.connections.open} tell it. */
  public static final String APP_ID = "A0001";

  /** How {@code usergroups.users.list} fails after {@link #failUserGroups}. */
  public enum Failure {
    /** HTTP 500; Bolt throws {@code SlackApiException}. */
    HTTP_500,
    /** HTTP 200 with {@code {"ok":false,"error":"internal_error"}}. */
    INTERNAL_ERROR
  }

  /**
   * A recorded request.
   *
   * @param method the Web API method, or the name of a response_url
   * @param params form fields or JSON fields (non-strings as JSON text, e.g. {@code blocks} when
   *     sent as JSON); unmodifiable
   * @param body the raw body
   * @param authorization the Authorization header, null when absent
   * @param at when the stub received it, by its clock
   * @param answer the body the stub answered (the posted message's {@code ts}, say)
   */
  public record Call(
      String method,
      Map<String, String> params,
      String body,
      String authorization,
      Instant at,
      String answer) {

    /** A parameter, or null. */
    public String param(String name) {
      return params.get(name);
    }
  }

  private final Clock clock;
  private final StubWebApi api = new StubWebApi();
  private final StubSocket socket = new StubSocket();
  private final Recording<Call> calls = new Recording<>();
  private final StubResponseUrls responseUrls = new StubResponseUrls();
  private final Javalin server;

  /** Starts a stub whose recorded calls carry the system clock's time. */
  public SlackStub() {
    this(Clock.systemUTC());
  }

  /** Starts a stub; {@link Call#at()} comes from the clock. */
  public SlackStub(Clock clock) {
    this.clock = clock;
    this.server =
        Javalin.create(
                cfg -> {
                  cfg.startup.showJavalinBanner = false;
                  cfg.startup.showOldJavalinVersionWarning = false;
                  cfg.jetty.host = "127.0.0.1";
                  cfg.jetty.port = 0;
                  cfg.routes.post("/api/{method}", this::webApi);
                  cfg.routes.post(
                      StubResponseUrls.PATH + "{name}",
                      ctx ->
                          send(
                              ctx,
                              responseUrls.post(
                                  ctx.pathParam("name"),
                                  new String(ctx.bodyAsBytes(), StandardCharsets.UTF_8),
                                  ctx.header("Authorization"),
                                  clock.instant())));
                  socket.register(cfg);
                })
            .start();
  }

  /** The Web API base, {@code http://127.0.0.1:<port>/api/}, for Bolt's methods URL prefix. */
  public String apiUrl() {
    return base("http") + "/api/";
  }

  /**
   * A response_url whose posts are recorded under the name.
   *
   * @param name letters, digits, {@code -} and {@code _}
   * @throws IllegalArgumentException for another name
   */
  public String responseUrl(String name) {
    if (!name.matches("[A-Za-z0-9_-]+")) {
      throw new IllegalArgumentException(
          "a response_url name is letters, digits, - and _, was \"" + name + "\"");
    }
    return base("http") + StubResponseUrls.PATH + name;
  }

  /** The Socket Mode WebSocket, as {@code apps.connections.open} hands it out (less its query). */
  public String socketUrl() {
    return base("ws") + StubSocket.PATH;
  }

  private String base(String scheme) {
    return scheme + "://127.0.0.1:" + server.port();
  }

  /** From now on, posting into the channel fails with {@code not_in_channel}. */
  public SlackStub notInChannel(String channel) {
    api.notInChannel(channel);
    return this;
  }

  /** Sets a user group's members, as {@code usergroups.users.list} returns them. */
  public SlackStub groupMembers(String group, String... users) {
    api.groupMembers(group, List.of(users));
    return this;
  }

  /** From now on, {@code usergroups.users.list} fails with HTTP 500. */
  public SlackStub failUserGroups() {
    return failUserGroups(Failure.HTTP_500);
  }

  /** From now on, {@code usergroups.users.list} fails as given. */
  public SlackStub failUserGroups(Failure how) {
    api.failUserGroups(how);
    return this;
  }

  /** A message posted in the channel before the test began, which chat.update can find. */
  public String existingMessage(String channel) {
    return api.existingMessage(channel);
  }

  /** The calls of a Web API method so far, in order. */
  public List<Call> calls(String method) {
    return calls.matching(c -> c.method().equals(method));
  }

  /** Every Web API call so far, in order, known methods or not. */
  public List<Call> calls() {
    return calls.matching(c -> true);
  }

  /** The posts to {@link #responseUrl(String) responseUrl(name)} so far, in order. */
  public List<Call> responses(String name) {
    return responseUrls.posts(name);
  }

  /**
   * The first call of the method that matches, already made or made within the timeout.
   *
   * @throws AssertionError if none comes; the message lists the calls recorded
   */
  public Call awaitCall(String method, Predicate<Call> match, Duration timeout) {
    return calls.await(c -> c.method().equals(method) && match.test(c), timeout, method + " call");
  }

  /**
   * The first post to the named response_url that matches, already made or made within the timeout.
   *
   * @throws AssertionError if none comes
   */
  public Call awaitResponse(String name, Predicate<Call> match, Duration timeout) {
    return responseUrls.await(name, match, timeout);
  }

  /** Sends a Socket Mode envelope to the connected client, or as soon as one connects. */
  public void push(String envelopeJson) {
    socket.push(envelopeJson);
  }

  /**
   * Waits until a Socket Mode client is connected.
   *
   * @throws AssertionError if none is within the timeout
   */
  public void awaitConnected(Duration timeout) {
    socket.awaitConnected(timeout);
  }

  /** How many Socket Mode connections were opened, reconnections included. */
  public int socketConnections() {
    return socket.connections();
  }

  /**
   * The first frame the client sent with the envelope id, e.g. {@code {"envelope_id":"...",
   * "payload":{"text":"pong"}}}.
   *
   * @throws AssertionError if none comes within the timeout
   */
  public String awaitAck(String envelopeId, Duration timeout) {
    return socket.awaitAck(envelopeId, timeout);
  }

  /** Every text frame Socket Mode clients sent, in order. */
  public List<String> socketFrames() {
    return socket.frames();
  }

  /**
   * Forgets the recorded calls, posts and frames, the envelopes not yet sent, and everything set
   * with {@link #notInChannel}, {@link #groupMembers}, {@link #failUserGroups} or posted. An open
   * Socket Mode connection stays open, and message timestamps go on increasing.
   */
  public void reset() {
    calls.clear();
    responseUrls.reset();
    api.reset();
    socket.reset();
  }

  /** Stops the server, closing any Socket Mode connection. */
  @Override
  public void close() {
    server.stop();
  }

  private void webApi(Context ctx) {
    String body = new String(ctx.bodyAsBytes(), StandardCharsets.UTF_8);
    Map<String, String> params = StubWebApi.params(ctx.contentType(), body);
    String authorization = ctx.header("Authorization");
    String method = ctx.pathParam("method");
    Instant at = clock.instant();
    // Slack takes a token from the header, or from a form field; never from a JSON body.
    String token =
        authorization != null && authorization.startsWith("Bearer ")
            ? authorization.substring("Bearer ".length())
            : StubWebApi.isJson(ctx.contentType()) ? null : params.get("token");
    StubWebApi.Answer answer = api.answer(method, params, token, socketUrl());
    calls.add(new Call(method, params, body, authorization, at, answer.body()));
    send(ctx, answer);
  }

  private static void send(Context ctx, StubWebApi.Answer answer) {
    ctx.status(answer.status()).contentType(answer.contentType()).result(answer.body());
  }
}
