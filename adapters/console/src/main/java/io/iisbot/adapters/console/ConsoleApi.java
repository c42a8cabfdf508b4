package io.iisbot.adapters.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.iisbot.adapters.chat.BotData;
import io.iisbot.adapters.chat.Caller;
import io.iisbot.adapters.chat.ChatAction;
import io.iisbot.adapters.chat.ChatCommand;
import io.iisbot.adapters.chat.ChatHandler;
import io.iisbot.adapters.chat.ChatMessage;
import io.iisbot.adapters.chat.ChatReply;
import io.iisbot.adapters.chat.CommandCatalog;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The console's JSON API (DESIGN §3.6) on the bot's HTTP server: commands and clicks go to the bot
 * as the signed-in identity, messages come back as {@code {"id", "title", "status", "lines",
 * "fields", "buttons", "final"}}, and {@code /api/stream} streams every post and edit.
 */
public final class ConsoleApi {

  /** Request bodies larger than this are refused. */
  static final int MAX_BODY = 16 * 1024;

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  /** A message as the API shows it. */
  public record MessageJson(
      String id,
      int version,
      String title,
      String status,
      List<String> lines,
      List<Map<String, String>> fields,
      List<Map<String, String>> buttons,
      boolean ephemeral,
      @com.fasterxml.jackson.annotation.JsonProperty("final") boolean last) {

    static MessageJson of(ConsoleChat.Stored s) {
      ChatMessage m = s.message();
      return new MessageJson(
          s.id(),
          s.version(),
          m.title(),
          m.status().name().toLowerCase(Locale.ROOT),
          m.lines(),
          m.fields().stream().map(f -> Map.of("name", f.name(), "value", f.value())).toList(),
          m.buttons().stream()
              .map(
                  b ->
                      Map.of(
                          "label", b.label(),
                          "action", b.action(),
                          "value", b.value(),
                          "style", b.style().name().toLowerCase(Locale.ROOT)))
              .toList(),
          m.ephemeral(),
          m.last());
    }
  }

  private final CommandCatalog commands;
  private final ChatHandler bot;
  private final ConsoleChat chat;
  private final BotData data;
  private final ConsoleAccess access;
  private final java.util.Set<BlockingQueue<ConsoleChat.Stored>> streams =
      java.util.concurrent.ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /** Put in a stream's queue to end it. */
  private static final ConsoleChat.Stored END = new ConsoleChat.Stored("", 0, null, null);

  /**
   * @param commands the bot's commands, for the page's suggestions
   * @param access who is asking (sessions, CSRF), or why the request is refused
   */
  public ConsoleApi(
      ChatHandler bot,
      ConsoleChat chat,
      BotData data,
      CommandCatalog commands,
      ConsoleAccess access) {
    this.bot = bot;
    this.commands = commands;
    this.chat = chat;
    this.data = data;
    this.access = access;
  }

  /**
   * Adds the routes, the sign-in routes and the JSON error answers to a server being configured.
   */
  public void register(JavalinConfig cfg) {
    access.register(cfg);
    cfg.routes.exception(ApiError.class, (e, ctx) -> ctx.status(e.status()).json(e.body()));
    cfg.routes.exception(
        BotData.Forbidden.class,
        (e, ctx) -> ctx.status(403).json(Map.of("error", "forbidden", "message", e.getMessage())));
    cfg.routes.exception(
        BotData.BadRequest.class,
        (e, ctx) ->
            ctx.status(400).json(Map.of("error", "bad_request", "message", e.getMessage())));
    cfg.routes.post("/api/commands", this::command);
    cfg.routes.get(
        "/api/catalog",
        ctx -> {
          caller(ctx);
          ctx.json(commands);
        });
    cfg.routes.post("/api/actions", this::action);
    cfg.routes.get("/api/messages/{id}", this::message);
    cfg.routes.get("/api/messages", this::recent);
    cfg.routes.get("/api/stream", this::stream);
    cfg.routes.get("/api/fleet", ctx -> ctx.json(Map.of("hosts", data.fleet(caller(ctx)))));
    cfg.routes.get(
        "/api/history",
        ctx -> {
          Caller who = caller(ctx);
          Map<String, String> filters = new java.util.HashMap<>();
          for (String k : List.of("host", "user", "action", "outcome", "limit")) {
            String v = ctx.queryParam(k);
            if (v != null && !v.isBlank()) {
              filters.put(k, v);
            }
          }
          ctx.json(Map.of("entries", data.history(who, filters)));
        });
    cfg.routes.get(
        "/api/operations/{id}",
        ctx -> {
          Caller who = caller(ctx);
          String id = ctx.pathParam("id");
          ctx.json(
              data.operation(who, id)
                  .orElseThrow(
                      () ->
                          new ApiError(
                              404,
                              "not_found",
                              "no operation "
                                  + id
                                  + " (details are kept for operations this bot ran since it"
                                  + " started)")));
        });
  }

  private Caller caller(Context ctx) {
    return access.require(ctx, ctx.method() != io.javalin.http.HandlerType.GET);
  }

  static JsonNode body(Context ctx) {
    byte[] b = ctx.bodyAsBytes();
    if (b.length > MAX_BODY) {
      throw new ApiError(413, "too_large", "request bodies are limited to 16 KiB");
    }
    try {
      JsonNode n = JSON.readTree(b);
      if (n == null || !n.isObject()) {
        throw new ApiError(400, "bad_request", "the body must be a JSON object");
      }
      return n;
    } catch (IOException e) {
      throw new ApiError(400, "bad_request", "the body is not valid JSON");
    }
  }

  static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new ApiError(400, "bad_request", "\"" + field + "\" is needed, as text");
    }
    return v.asText();
  }

  private void command(Context ctx) {
    Caller who = caller(ctx);
    String text = text(body(ctx), "text");
    ChatReply reply =
        bot.onCommand(new ChatCommand(ConsoleChat.PLATFORM, who, ConsoleChat.PLATFORM, text));
    List<MessageJson> out = new ArrayList<>();
    for (ChatMessage m : reply.messages()) {
      String id = chat.post(ConsoleChat.PLATFORM, who, m);
      chat.get(id, who.user().toString()).map(MessageJson::of).ifPresent(out::add);
    }
    ctx.json(Map.of("messages", out));
  }

  /**
   * A click. On Slack and Discord the platform vouches that a click's value is that of a button on
   * the clicked message; here the client names both, so the pair must be one of the buttons the
   * message shows the caller now, or the click is refused before the bot sees it: a token shown on
   * one card cannot be spent on another.
   */
  private void action(Context ctx) {
    Caller who = caller(ctx);
    JsonNode b = body(ctx);
    String messageId = text(b, "message");
    String viewer = who.user().toString();
    ConsoleChat.Stored clicked =
        chat.get(messageId, viewer)
            .orElseThrow(() -> new ApiError(404, "not_found", "no message " + messageId));
    String action = text(b, "action");
    JsonNode v = b.get("value");
    String value = v == null || v.isNull() ? "" : v.asText();
    boolean shown =
        clicked.message().buttons().stream()
            .anyMatch(x -> x.action().equals(action) && x.value().equals(value));
    if (!shown) {
      throw new ApiError(
          403,
          "not_a_button",
          "message "
              + messageId
              + " has no such button (now): click one of the buttons it shows, as GET /api/messages/"
              + messageId
              + " gives them");
    }
    ChatReply reply =
        bot.onAction(
            new ChatAction(
                ConsoleChat.PLATFORM, who, ConsoleChat.PLATFORM, messageId, action, value));
    List<MessageJson> out = new ArrayList<>();
    for (int i = 0; i < reply.messages().size(); i++) {
      String id;
      if (i == 0 && reply.replacesClicked()) {
        chat.update(ConsoleChat.PLATFORM, messageId, reply.messages().get(0));
        id = messageId;
      } else {
        id = chat.post(ConsoleChat.PLATFORM, who, reply.messages().get(i));
      }
      chat.get(id, viewer).map(MessageJson::of).ifPresent(out::add);
    }
    ctx.json(Map.of("messages", out));
  }

  private void message(Context ctx) {
    String id = ctx.pathParam("id");
    ctx.json(
        chat.get(id, access.viewer(ctx).toString())
            .map(MessageJson::of)
            .orElseThrow(() -> new ApiError(404, "not_found", "no message " + id)));
  }

  private void recent(Context ctx) {
    String viewer = access.viewer(ctx).toString();
    ctx.json(Map.of("messages", chat.recent(viewer, 200).stream().map(MessageJson::of).toList()));
  }

  /** Every post and edit the caller may see, as {@code event: message} with the message JSON. */
  private void stream(Context ctx) throws IOException {
    String viewer = access.viewer(ctx).toString();
    jakarta.servlet.http.HttpServletResponse res = ctx.res();
    res.setStatus(200);
    res.setContentType("text/event-stream");
    res.setCharacterEncoding("UTF-8");
    res.setHeader("Cache-Control", "no-cache");
    OutputStream out = res.getOutputStream();
    BlockingQueue<ConsoleChat.Stored> queue = new LinkedBlockingQueue<>();
    Runnable stop = chat.listen(queue::add);
    streams.add(queue);
    try {
      write(out, ": iisbot console stream\n\n");
      while (!closed) {
        ConsoleChat.Stored s = queue.poll(15, TimeUnit.SECONDS);
        if (s == END) {
          break;
        } else if (s == null) {
          write(out, ": idle\n\n");
        } else if (s.onlyFor() == null || s.onlyFor().equals(viewer)) {
          write(
              out, "event: message\ndata: " + JSON.writeValueAsString(MessageJson.of(s)) + "\n\n");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException clientGone) {
      // The page closed or reloaded; it reconnects and reads /api/messages.
    } finally {
      streams.remove(queue);
      stop.run();
    }
  }

  /** Ends every open event stream; the server is stopping. */
  public void close() {
    closed = true;
    streams.forEach(q -> q.add(END));
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** An API failure with its status and stable code; the routes answer it as JSON. */
  public static final class ApiError extends RuntimeException {
    final int status;
    final String code;

    public ApiError(int status, String code, String message) {
      super(message);
      this.status = status;
      this.code = code;
    }

    public int status() {
      return status;
    }

    /** The JSON body: {@code {"error": code, "message": text}}. */
    public Map<String, String> body() {
      return Map.of("error", code, "message", getMessage());
    }
  }
}
