package io.iisbot.iis.agent.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.iisbot.iis.EventLevel;
import io.iisbot.iis.EventRecord;
import io.iisbot.iis.IisException;
import io.iisbot.iis.IisHost;
import io.iisbot.iis.Sleeper;
import io.iisbot.iis.agent.AgentAuth.AuthException;
import io.iisbot.iis.agent.AgentJson;
import io.iisbot.iis.agent.Wire;
import io.iisbot.iis.agent.Wire.ErrorBody;
import io.iisbot.iis.agent.Wire.OperationSpec;
import io.iisbot.iis.agent.Wire.PlanSpec;
import io.iisbot.iis.engine.EngineSettings;
import io.iisbot.iis.engine.OperationEngine;
import io.iisbot.iis.engine.Plan;
import io.iisbot.iis.engine.SuspensionLedger;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The agent's HTTP server: DESIGN §2.4's routes over one {@link IisHost}, every request signed
 * ({@link io.iisbot.iis.agent.AgentAuth}), every error a JSON body {@code {"error", "message"}}.
 */
public final class Agent implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(Agent.class.getName());

  /** Request bodies larger than this are refused with 413. */
  public static final int MAX_BODY_BYTES = 64 * 1024;

  /** How often an idle progress stream sends a comment, so proxies keep it open. */
  static final Duration SSE_HEARTBEAT = Duration.ofSeconds(15);

  static final String VERSION = "0.1.0";

  /**
   * What an agent serves and how.
   *
   * @param mode {@code windows} or {@code simulated}, reported by /v1/health
   * @param tls null for plain HTTP
   */
  public record Settings(
      IisHost host,
      String mode,
      Clock clock,
      Sleeper sleeper,
      Map<String, byte[]> keys,
      AllowList allow,
      String bind,
      int port,
      Tls.Files tls,
      Duration keepFinished,
      EngineSettings engine) {

    public Settings {
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(sleeper, "sleeper");
      keys = Map.copyOf(keys);
      if (keys.isEmpty()) {
        throw new IllegalArgumentException("an agent needs at least one key");
      }
      Objects.requireNonNull(allow, "allow");
      Objects.requireNonNull(bind, "bind");
      Objects.requireNonNull(keepFinished, "keepFinished");
      Objects.requireNonNull(engine, "engine");
    }
  }

  /** A failure with its HTTP status and stable error code. */
  static final class HttpError extends RuntimeException {
    final int status;
    final String code;
    final String running;

    HttpError(int status, String code, String message) {
      this(status, code, message, null);
    }

    HttpError(int status, String code, String message, String running) {
      super(message);
      this.status = status;
      this.code = code;
      this.running = running;
    }
  }

  private final Settings settings;
  private final OperationEngine engine;
  private final Operations operations;
  private final RequestVerifier verifier;
  private final ExecutorService runner;
  private final Javalin app;

  private Agent(Settings s) {
    this.settings = s;
    this.engine =
        new OperationEngine(
            s.host(), s.clock(), s.sleeper(), s.engine(), SuspensionLedger.inMemory());
    this.runner =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "iisbot-operation");
              t.setDaemon(false);
              return t;
            });
    this.operations = new Operations(engine, s.clock(), s.keepFinished(), runner);
    this.verifier = new RequestVerifier(s.keys(), s.clock());
    this.app = Javalin.create(this::configure);
  }

  /** Starts an agent; {@code port} 0 picks a free one. */
  public static Agent start(Settings settings) {
    Agent a = new Agent(settings);
    a.app.start();
    LOG.info(() -> "iisbot agent for " + settings.host().name() + " listening on " + a.uri());
    return a;
  }

  public int port() {
    return app.port();
  }

  public URI uri() {
    String host = settings.bind().contains(":") ? "[" + settings.bind() + "]" : settings.bind();
    if (host.equals("0.0.0.0")) {
      host = "127.0.0.1";
    }
    return URI.create((settings.tls() == null ? "http" : "https") + "://" + host + ":" + port());
  }

  /** Stops taking requests; a running operation is given a minute to finish. */
  @Override
  public void close() {
    app.stop();
    runner.shutdown();
    try {
      if (!runner.awaitTermination(60, TimeUnit.SECONDS)) {
        LOG.warning("an operation was still running when the agent stopped");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void configure(io.javalin.config.JavalinConfig cfg) {
    cfg.startup.showJavalinBanner = false;
    cfg.startup.showOldJavalinVersionWarning = false;
    cfg.jsonMapper(new JavalinJackson(AgentJson.lenient(), false));
    cfg.http.maxRequestSize = MAX_BODY_BYTES;
    cfg.jetty.host = settings.bind();
    cfg.jetty.port = settings.port();
    if (settings.tls() != null) {
      Tls.addHttpsConnector(cfg, settings.tls(), settings.bind(), settings.port());
    }
    cfg.routes.before("/v1/*", this::authenticate);
    cfg.routes.get("/v1/health", this::health);
    cfg.routes.get("/v1/snapshot", ctx -> ctx.json(engine.snapshot()));
    cfg.routes.post("/v1/plans", this::plan);
    cfg.routes.post("/v1/operations", this::startOperation);
    cfg.routes.get("/v1/operations/{id}", ctx -> ctx.json(operation(ctx).view()));
    cfg.routes.get("/v1/operations/{id}/progress", this::progress);
    cfg.routes.get("/v1/events", this::events);
    cfg.routes.exception(
        HttpError.class, (e, ctx) -> error(ctx, e.status, e.code, e.getMessage(), e.running));
    cfg.routes.exception(
        AuthException.class, (e, ctx) -> unauthorized(ctx, e.code(), e.getMessage()));
    cfg.routes.exception(
        JsonProcessingException.class,
        (e, ctx) -> error(ctx, 400, "bad_request", jsonProblem(e), null));
    cfg.routes.exception(
        IllegalArgumentException.class,
        (e, ctx) -> error(ctx, 400, "bad_request", e.getMessage(), null));
    cfg.routes.exception(
        IisException.class, (e, ctx) -> error(ctx, 502, "host_error", e.getMessage(), null));
    cfg.routes.exception(HttpResponseException.class, (e, ctx) -> httpException(ctx, e));
    cfg.routes.exception(Exception.class, this::internalError);
    cfg.routes.error(
        404,
        ctx -> {
          if (!ctx.res().isCommitted() && !"application/json".equals(ctx.res().getContentType())) {
            error(ctx, 404, "not_found", "no such route: " + ctx.method() + " " + ctx.path(), null);
          }
        });
  }

  // ---- authentication ------------------------------------------------------------------------

  private void authenticate(Context ctx) {
    if (ctx.contentLength() > MAX_BODY_BYTES) {
      throw new HttpError(413, "too_large", "request bodies are limited to 64 KiB");
    }
    byte[] body = ctx.bodyAsBytes();
    if (body.length > MAX_BODY_BYTES) {
      throw new HttpError(413, "too_large", "request bodies are limited to 64 KiB");
    }
    String keyId =
        verifier.verify(
            ctx.method().name(), ctx.path(), ctx.queryString(), ctx.header("Authorization"), body);
    ctx.attribute("iisbot.key", keyId);
  }

  private static void unauthorized(Context ctx, String code, String why) {
    ctx.header("WWW-Authenticate", io.iisbot.iis.agent.AgentAuth.SCHEME);
    error(ctx, 401, code, why, null);
  }

  // ---- routes --------------------------------------------------------------------------------

  private void health(Context ctx) {
    ctx.json(
        new Wire.Health(
            "ok", VERSION, settings.host().name(), settings.mode(), settings.clock().instant()));
  }

  private void plan(Context ctx) throws Exception {
    PlanSpec spec = AgentJson.strict().readValue(ctx.bodyAsBytes(), PlanSpec.class);
    Plan plan = engine.plan(spec.request());
    requireAllowed(plan, spec.request().options());
    ctx.json(plan);
  }

  private void startOperation(Context ctx) throws Exception {
    OperationSpec spec = AgentJson.strict().readValue(ctx.bodyAsBytes(), OperationSpec.class);
    Optional<AgentOperation> existing = operations.get(spec.id());
    if (existing.isEmpty()) {
      requireAllowed(engine.plan(spec.request()), spec.options());
    }
    Operations.Started started;
    try {
      started = operations.start(spec);
    } catch (Operations.Busy e) {
      throw new HttpError(409, "busy", e.getMessage(), e.running);
    } catch (Operations.IdReused e) {
      throw new HttpError(409, "id_reused", e.getMessage());
    }
    ctx.status(started.created() ? 202 : 200);
    ctx.header("Location", "/v1/operations/" + spec.id());
    ctx.json(started.operation().view());
  }

  private void requireAllowed(Plan plan, io.iisbot.iis.engine.Options options) {
    List<String> violations = settings.allow().violations(plan, options);
    if (!violations.isEmpty()) {
      throw new HttpError(422, "not_allowed", String.join("; ", violations));
    }
  }

  private AgentOperation operation(Context ctx) {
    String id = ctx.pathParam("id");
    return operations
        .get(id)
        .orElseThrow(
            () ->
                new HttpError(
                    404,
                    "not_found",
                    "no operation "
                        + printable(id)
                        + " on this agent (finished ones are kept for "
                        + io.iisbot.iis.Durations.format(settings.keepFinished())
                        + ")"));
  }

  /**
   * Server-Sent Events: each progress event with its id, then the result, then the end. A client
   * that reconnects with {@code Last-Event-ID} gets what it missed, then the live stream. Written
   * by hand rather than through Javalin's SSE support, which answers an empty 200 unless the client
   * sends {@code Accept: text/event-stream}; curl and scripts should get the stream too.
   */
  private void progress(Context ctx) throws java.io.IOException {
    AgentOperation op = operation(ctx);
    long after = lastEventId(ctx.header("Last-Event-ID"));
    jakarta.servlet.http.HttpServletResponse res = ctx.res();
    res.setStatus(200);
    res.setContentType("text/event-stream");
    res.setCharacterEncoding("UTF-8");
    res.setHeader("Cache-Control", "no-cache");
    res.setHeader("X-Accel-Buffering", "no");
    java.io.OutputStream out = res.getOutputStream();
    BlockingQueue<AgentOperation.Event> queue = new LinkedBlockingQueue<>();
    Runnable unfollow = op.follow(after, queue::add);
    try {
      write(out, ": iisbot progress of " + op.spec().id() + "\n\n");
      while (true) {
        AgentOperation.Event e = queue.poll(SSE_HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
        if (e == null) {
          write(out, ": still running\n\n");
          continue;
        }
        Object data = e.isResult() ? e.result() : e.progress();
        write(
            out,
            "event: "
                + (e.isResult() ? "result" : "progress")
                + "\nid: "
                + e.id()
                + "\ndata: "
                + AgentJson.lenient().writeValueAsString(data)
                + "\n\n");
        if (e.isResult()) {
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.io.IOException clientWentAway) {
      // The operation goes on; the client may reconnect with Last-Event-ID.
    } finally {
      unfollow.run();
    }
  }

  private static void write(java.io.OutputStream out, String text) throws java.io.IOException {
    out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    out.flush();
  }

  private static long lastEventId(String header) {
    if (header == null || header.isBlank()) {
      return 0;
    }
    try {
      long id = Long.parseLong(header.strip());
      if (id < 0) {
        throw new NumberFormatException();
      }
      return id;
    } catch (NumberFormatException e) {
      throw new HttpError(400, "bad_request", "Last-Event-ID must be a non-negative number");
    }
  }

  private void events(Context ctx) {
    Instant now = settings.clock().instant();
    Instant since = instantParam(ctx.queryParam("since"), now, now.minus(Duration.ofHours(1)));
    Instant until = instantParam(ctx.queryParam("until"), now, now.plusSeconds(1));
    if (!since.isBefore(until)) {
      throw new HttpError(400, "bad_request", "since must be before until");
    }
    EventLevel level = levelParam(ctx.queryParam("level"));
    List<EventRecord> events =
        settings.host().events(since, until).stream()
            .filter(e -> e.level().code() <= level.code())
            .toList();
    ctx.json(new Wire.EventsView(events, engine.summarize(since, until)));
  }

  /** An ISO instant, or a duration back from now ({@code 1h}); absent → the default. */
  static Instant instantParam(String text, Instant now, Instant dflt) {
    if (text == null || text.isBlank()) {
      return dflt;
    }
    try {
      return Instant.parse(text);
    } catch (RuntimeException notAnInstant) {
      try {
        return now.minus(io.iisbot.iis.Durations.parse(text));
      } catch (IllegalArgumentException e) {
        throw new HttpError(
            400,
            "bad_request",
            "not a time: \"" + printable(text) + "\"; use 2026-01-05T09:00:00Z or 1h");
      }
    }
  }

  static EventLevel levelParam(String text) {
    if (text == null || text.isBlank()) {
      return EventLevel.VERBOSE;
    }
    return switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "critical" -> EventLevel.CRITICAL;
      case "error" -> EventLevel.ERROR;
      case "warning" -> EventLevel.WARNING;
      case "information", "info" -> EventLevel.INFORMATION;
      case "verbose", "all" -> EventLevel.VERBOSE;
      default ->
          throw new HttpError(
              400, "bad_request", "level must be critical, error, warning, information or verbose");
    };
  }

  // ---- errors --------------------------------------------------------------------------------

  private static void error(Context ctx, int status, String code, String message, String running) {
    ctx.status(status);
    ctx.json(new ErrorBody(code, message, running));
  }

  private static void httpException(Context ctx, HttpResponseException e) {
    int status = e.getStatus();
    String code =
        switch (status) {
          case 413 -> "too_large";
          case 404 -> "not_found";
          case 400 -> "bad_request";
          case 401 -> "unauthorized";
          default -> "http_" + status;
        };
    error(
        ctx,
        status,
        code,
        status == 413 ? "request bodies are limited to 64 KiB" : e.getMessage(),
        null);
  }

  private void internalError(Exception e, Context ctx) {
    String ref = UUID.randomUUID().toString().substring(0, 8);
    LOG.log(
        Level.SEVERE,
        "request " + ctx.method() + " " + ctx.path() + " failed, reference " + ref,
        e);
    error(
        ctx,
        500,
        "internal",
        "the agent failed; its log has the details under reference " + ref,
        null);
  }

  /** Jackson's own words, without its source excerpt or a Java type name. */
  private static String jsonProblem(JsonProcessingException e) {
    String msg = e.getOriginalMessage();
    if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
      String field =
          m.getPath().stream()
              .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
              .reduce((a, b) -> a + "." + b)
              .orElse("");
      Throwable cause = m.getCause();
      if (cause instanceof IllegalArgumentException || cause instanceof NullPointerException) {
        msg = cause.getMessage();
      }
      msg = "at " + field + ": " + msg;
    } else if (e instanceof JsonMappingException m
        && m.getCause() != null
        && m.getCause().getMessage() != null) {
      msg = m.getCause().getMessage();
    }
    msg = msg.replaceAll("\\(class [^)]*\\)", "").replaceAll("`[a-z]+(\\.[A-Za-z$]+)+`", "value");
    return "malformed JSON: " + msg.lines().findFirst().orElse("").strip();
  }

  static String printable(String s) {
    String cut = s.length() > 80 ? s.substring(0, 80) + "…" : s;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }
}
