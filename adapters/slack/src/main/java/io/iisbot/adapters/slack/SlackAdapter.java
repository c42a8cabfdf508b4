package io.iisbot.adapters.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.app_backend.slash_commands.response.SlashCommandResponse;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.request.RequestType;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.socket_mode.SocketModeApp;
import com.slack.api.bolt.util.SlackRequestParser;
import io.iisbot.adapters.chat.AnswerBudget;
import io.iisbot.adapters.chat.Caller;
import io.iisbot.adapters.chat.ChatAction;
import io.iisbot.adapters.chat.ChatCommand;
import io.iisbot.adapters.chat.ChatHandler;
import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatPlatform;
import io.iisbot.adapters.chat.ChatReply;
import io.iisbot.adapters.chat.ChatSink;
import io.iisbot.adapters.chat.Memberships;
import io.iisbot.adapters.chat.SharedState;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Slack adapter: a Bolt {@link App} that turns {@code /iis} and button clicks into the bot's
 * commands and actions, over HTTP ({@code POST /slack/events} on the bot's server, our own
 * signature check first) or Socket Mode (with an app-level token). Every request is acknowledged
 * within Slack's 3 s: the bot's answer goes in the acknowledgement when it is ready within {@link
 * #ACK_BUDGET}, else it follows. A delivery Slack repeats is answered and dropped, whichever
 * replica it lands on (the keys live in the bot's {@link SharedState}). With a configured workspace
 * or organization, requests from any other are refused. Close it to stop. Thread-safe.
 */
public final class SlackAdapter implements ChatPlatform {

  public static final String PLATFORM = "slack";
  public static final String ROUTE = "/slack/events";

  /** How long a delivery's key is kept: Slack retries within minutes. */
  static final Duration SEEN_KEPT = Duration.ofMinutes(30);

  /** The namespace of delivery keys in the shared state. */
  static final String SEEN_SPACE = "slack-delivery";

  /** What a slash command from another workspace is told. */
  static final String FOREIGN =
      "This iisbot answers only its own Slack workspace; ask its operators to install it here.";

  /** How long a slash command may think before the acknowledgement goes without its answer. */
  static final Duration ACK_BUDGET = Duration.ofMillis(2_000);

  private static final Logger LOG = LoggerFactory.getLogger(SlackAdapter.class);

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Pattern SLACK_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private final SlackSettings settings;
  private final ChatHandler bot;
  private final ExecutorService executor;
  private final AnswerBudget budget;
  private final Slack slack;
  private final App app;
  private final SlackRequestParser parser;
  private final Optional<SlackSignature> signature;
  private final SlackChat chat;
  private final SlackCallers callers;
  private final SharedState seen;
  private SocketModeApp socket;

  /**
   * The adapter with delivery keys in this process's memory.
   *
   * @param bot what commands and clicks are handed to
   * @param executor runs the bot's work off Slack's request threads
   */
  public SlackAdapter(
      ChatHandler bot, SlackSettings settings, Clock clock, ExecutorService executor) {
    this(bot, settings, clock, executor, SharedState.inMemory(clock));
  }

  /**
   * @param seen where delivery keys are kept: the bot's store, so a retry landing on another
   *     replica is dropped too
   */
  public SlackAdapter(
      ChatHandler bot,
      SlackSettings settings,
      Clock clock,
      ExecutorService executor,
      SharedState seen) {
    this.seen = java.util.Objects.requireNonNull(seen, "seen");
    this.bot = bot;
    this.settings = settings;
    this.executor = executor;
    this.budget = new AnswerBudget(executor, ACK_BUDGET);
    SlackConfig config = new SlackConfig();
    config.setMethodsEndpointUrlPrefix(settings.apiUrl());
    config.setPrettyResponseLoggingEnabled(false);
    config.setStatsEnabled(false);
    this.slack = Slack.getInstance(config);
    AppConfig.AppConfigBuilder appConfig =
        AppConfig.builder()
            .slack(slack)
            .singleTeamBotToken(settings.botToken())
            // Our own check (both directions of the 5-minute window) runs before Bolt sees it.
            .requestVerificationEnabled(false)
            .sslCheckEnabled(true);
    settings
        .signingSecret()
        .ifPresent(s -> appConfig.signingSecret(new String(s, StandardCharsets.UTF_8)));
    this.app = new App(appConfig.build());
    this.parser = new SlackRequestParser(app.config());
    this.signature = settings.signingSecret().map(s -> new SlackSignature(s, clock));
    this.chat = new SlackChat(slack, slack.methods(settings.botToken()), clock);
    this.callers =
        new SlackCallers(
            slack.methods(settings.botToken()),
            settings.userGroups(),
            () -> clock.millis() * 1_000_000L);
    // Checked in each handler rather than as a Bolt middleware: adding one makes Bolt build its
    // default chain, and with it an auth.test call, before any request came.
    app.command(
        settings.command(),
        (req, ctx) -> ownWorkspace(req).orElseGet(() -> command(req.getPayload(), retried(req))));
    app.blockAction(
        Pattern.compile(".*"),
        (req, ctx) -> ownWorkspace(req).orElseGet(() -> click(req.getPayload())));
  }

  @Override
  public String name() {
    return PLATFORM;
  }

  /** Where the bot's edits of Slack messages go. */
  @Override
  public ChatSink sink() {
    return chat;
  }

  /**
   * The configured user groups Slack says a {@code slack:} identity is in now, from the same
   * five-minute cache the adapter's own commands and clicks read; none for other kinds.
   */
  @Override
  public java.util.Map<String, Memberships> memberships() {
    return java.util.Map.of(PLATFORM, callers.memberships());
  }

  /** Adds {@code POST /slack/events} (HTTP mode only). */
  @Override
  public void routes(JavalinConfig cfg) {
    if (signature.isPresent()) {
      cfg.routes.post(ROUTE, this::http);
    }
  }

  /** Connects over Socket Mode when an app-level token is set; otherwise does nothing. */
  @Override
  public void start() {
    if (settings.appToken().isEmpty()) {
      return;
    }
    try {
      socket = new SocketModeApp(settings.appToken().get(), app);
      socket.startAsync();
    } catch (Exception e) {
      throw new IllegalStateException("Slack Socket Mode could not connect: " + e.getMessage(), e);
    }
  }

  private void http(Context ctx) throws Exception {
    byte[] raw = ctx.bodyAsBytes();
    Optional<String> problem =
        signature
            .orElseThrow()
            .problem(ctx.header("X-Slack-Request-Timestamp"), ctx.header("X-Slack-Signature"), raw);
    if (problem.isPresent()) {
      LOG.warn("refused a Slack request from {}: {}", ctx.ip(), problem.get());
      ctx.status(401).json(Map.of("error", "unauthorized"));
      return;
    }
    Optional<String> foreign = foreignEvent(raw);
    if (foreign.isPresent()) {
      LOG.warn("refused a Slack event from another workspace: {}", foreign.get());
      ctx.status(200);
      return;
    }
    Map<String, List<String>> headers = new java.util.HashMap<>();
    ctx.headerMap()
        .forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), List.of(v)));
    Request<?> req;
    Response res;
    try {
      // Bolt's parser and router throw on payloads Slack never sends (a field of the wrong type,
      // an action that is null): signed or not, such a request is a bad one, not a failure here.
      req =
          parser.parse(
              SlackRequestParser.HttpRequest.builder()
                  .requestUri(ctx.path())
                  .queryString(ctx.queryParamMap())
                  .headers(new RequestHeaders(headers))
                  .requestBody(new String(raw, StandardCharsets.UTF_8))
                  .remoteAddress(ctx.ip())
                  .build());
      res = req == null ? null : app.run(req);
    } catch (RuntimeException e) {
      LOG.warn(
          "refused a signed Slack request from {} that is not a Slack payload: {}",
          ctx.ip(),
          e.getClass().getSimpleName());
      ctx.status(400).json(Map.of("error", "bad_request"));
      return;
    }
    if (res == null) {
      ctx.status(400).json(Map.of("error", "bad_request"));
      return;
    }
    ctx.status(res.getStatusCode());
    if (res.getHeaders() != null) {
      res.getHeaders().forEach((k, v) -> v.forEach(x -> ctx.header(k, x)));
    }
    if (res.getBody() != null && !res.getBody().isEmpty()) {
      ctx.contentType(res.getContentType()).result(res.getBody());
    }
  }

  private static boolean retried(Request<?> req) {
    return req.getHeaders() != null && req.getHeaders().getFirstValue("X-Slack-Retry-Num") != null;
  }

  /**
   * Refuses commands, clicks and events from a workspace or organization other than the configured
   * one: a command is told so (200, ephemeral, as Slack shows nothing useful for an error status);
   * anything else is acknowledged and dropped (an error would only make Slack retry it). Empty when
   * the request may go on.
   */
  private Optional<Response> ownWorkspace(Request<?> req) {
    RequestType type = req.getRequestType();
    // The request's own team, not the context's: Bolt sets that from auth.test, i.e. our own.
    Optional<String> foreign =
        switch (type) {
          case Command -> {
            SlashCommandPayload p = ((SlashCommandRequest) req).getPayload();
            yield settings.foreign(p.getTeamId(), p.getEnterpriseId());
          }
          case BlockAction -> {
            BlockActionPayload p = ((BlockActionRequest) req).getPayload();
            yield settings.foreign(
                p.getTeam() == null ? null : p.getTeam().getId(),
                p.getEnterprise() == null ? null : p.getEnterprise().getId());
          }
          default -> Optional.empty();
        };
    if (foreign.isEmpty()) {
      return Optional.empty();
    }
    LOG.warn("refused a Slack {} from another workspace: {}", type, foreign.get());
    if (type == RequestType.Command) {
      return Optional.of(
          Response.ok(
              SlashCommandResponse.builder().responseType("ephemeral").text(FOREIGN).build()));
    }
    return Optional.of(Response.ok());
  }

  /** For a JSON body (the Events API), why its workspace is refused; empty when it is not. */
  private Optional<String> foreignEvent(byte[] raw) {
    // Only when a workspace is configured: otherwise Bolt alone reads the body.
    if (!settings.checksWorkspace() || raw.length == 0 || raw[0] != '{') {
      return Optional.empty();
    }
    try {
      JsonNode body = JSON.readTree(raw);
      if (!"event_callback".equals(body.path("type").asText())) {
        return Optional.empty();
      }
      return settings.foreign(text(body, "team_id"), text(body, "enterprise_id"));
    } catch (java.io.IOException e) {
      return Optional.empty(); // Bolt answers what it cannot read
    }
  }

  private static String text(JsonNode o, String field) {
    JsonNode e = o.path(field);
    return e.isValueNode() ? e.asText() : null;
  }

  /** True the first time a delivery is seen, on any replica. */
  private boolean first(String key) {
    return key == null || seen.putIfAbsent(SEEN_SPACE, SharedState.keyOf(key), "1", SEEN_KEPT);
  }

  private Response command(SlashCommandPayload p, boolean retried) {
    if (!isSlackId(p.getUserId()) || !isSlackId(p.getChannelId())) {
      LOG.warn("refused a slash command without a valid user and channel id");
      return badRequest();
    }
    String key = p.getTriggerId() == null ? null : "cmd:" + p.getTriggerId();
    if (!first(key)) {
      LOG.info("dropped a repeated delivery of a slash command{}", retried ? " (retry)" : "");
      return Response.ok();
    }
    String text = (p.getCommand() + " " + (p.getText() == null ? "" : p.getText())).trim();
    Optional<ChatReply> answered;
    try {
      answered =
          budget.within(
              () -> {
                Caller who = callers.of(p.getUserId(), p.getUserName());
                return bot.onCommand(new ChatCommand(PLATFORM, who, p.getChannelId(), text));
              },
              () -> {}, // acknowledge now; the answer follows when the bot has it
              r -> deliver(r, p.getChannelId(), p.getResponseUrl(), null));
    } catch (IllegalStateException e) {
      LOG.error("a slash command failed", e.getCause());
      return Response.ok(
          SlashCommandResponse.builder()
              .responseType("ephemeral")
              .text("iisbot failed to handle that; see its log.")
              .build());
    }
    if (answered.isEmpty()) {
      return Response.ok();
    }
    ChatReply reply = answered.get();
    List<ChatMessage> inAck = new ArrayList<>();
    deliver(reply, p.getChannelId(), p.getResponseUrl(), inAck);
    if (inAck.isEmpty()) {
      return Response.ok();
    }
    ChatMessage m = inAck.get(0);
    SlackBlocks.Rendered r = SlackBlocks.render(m);
    return Response.ok(
        SlashCommandResponse.builder()
            .responseType(m.ephemeral() ? "ephemeral" : "in_channel")
            .text(r.text())
            .blocks(r.blocks())
            .build());
  }

  /**
   * Sends a reply: the first private message into {@code ack} when there is one to fill, others
   * through the response_url; messages for everyone into the channel (off this thread), except a
   * reply of one such message without buttons (a status, say), which is the ack itself, posted in
   * the channel by Slack: no second request, and it is shown even where iisbot is not a member. (A
   * message with buttons is posted by iisbot, so that it can be updated when they are clicked.)
   */
  private void deliver(ChatReply reply, String channel, String responseUrl, List<ChatMessage> ack) {
    List<ChatMessage> ms = reply.messages();
    if (ack != null && ms.size() == 1 && !ms.get(0).ephemeral() && ms.get(0).buttons().isEmpty()) {
      ack.add(ms.get(0));
      return;
    }
    for (ChatMessage m : ms) {
      if (m.ephemeral()) {
        if (ack != null && ack.isEmpty()) {
          ack.add(m);
        } else {
          executor.execute(() -> chat.respond(responseUrl, m, "ephemeral", false, null));
        }
      } else {
        executor.execute(() -> chat.postPublic(channel, m, responseUrl));
      }
    }
  }

  private Response click(BlockActionPayload p) {
    if (p.getActions() == null
        || p.getActions().isEmpty()
        || p.getActions().get(0) == null
        || p.getUser() == null) {
      return Response.ok();
    }
    BlockActionPayload.Action a = p.getActions().get(0);
    String channel =
        p.getChannel() != null
            ? p.getChannel().getId()
            : p.getContainer() != null ? p.getContainer().getChannelId() : null;
    String ts =
        p.getContainer() != null && p.getContainer().getMessageTs() != null
            ? p.getContainer().getMessageTs()
            : p.getMessage() != null ? p.getMessage().getTs() : null;
    if (!isSlackId(p.getUser().getId()) || !isSlackId(channel) || ts == null || ts.isBlank()) {
      LOG.warn("refused a button click without a valid user, channel and message");
      return badRequest();
    }
    String key = "act:" + p.getUser().getId() + ":" + a.getActionTs();
    if (!first(key)) {
      return Response.ok();
    }
    executor.execute(
        () -> {
          try {
            chat.rememberResponseUrl(channel, ts, p.getResponseUrl());
            Caller who = callers.of(p.getUser().getId(), p.getUser().getUsername());
            ChatReply r =
                bot.onAction(
                    new ChatAction(
                        PLATFORM,
                        who,
                        channel,
                        ts,
                        SlackBlocks.actionOf(a.getActionId()),
                        a.getValue() == null ? "" : a.getValue()));
            for (int i = 0; i < r.messages().size(); i++) {
              ChatMessage m = r.messages().get(i);
              if (i == 0 && r.replacesClicked()) {
                chat.update(channel, ts, m);
              } else if (m.ephemeral()) {
                chat.respond(p.getResponseUrl(), m, "ephemeral", false, null);
              } else {
                chat.postPublic(channel, m, p.getResponseUrl());
              }
            }
          } catch (RuntimeException e) {
            LOG.error("a Slack button click failed", e);
          }
        });
    return Response.ok();
  }

  /** A user, channel or team id as Slack writes them (U024BE7LH, C1, T0001): no stray text. */
  private static boolean isSlackId(String id) {
    return id != null && SLACK_ID.matcher(id).matches();
  }

  private static Response badRequest() {
    return Response.builder()
        .statusCode(400)
        .contentType("application/json")
        .body("{\"error\":\"bad_request\"}")
        .build();
  }

  @Override
  public void close() {
    try {
      if (socket != null) {
        socket.close();
      }
      slack.close();
    } catch (Exception e) {
      LOG.debug("closing the Slack clients", e);
    }
  }
}
