package io.iisbot.iis.agent.server;

import com.fasterxml.jackson.core.JsonProcessingException;
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
import io.iisbot.iis.engine.PlanGate;
import io.iisbot.iis.engine.SuspensionLedger;
import io.iisbot.iis.engine.Warmup;
import io.iisbot.iis.http.ServerLimits;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's HTTP server: DESIGN §2.4's routes over one {@link IisHost}, every request signed
 * ({@link io.iisbot.iis.agent.AgentAuth}) for this agent's name (its host's), every error a JSON
 * body {@code {"error", "message"}}. A request's headers are checked before its body is read, and
 * the server keeps answering while clients send slow or endless bodies ({@link ServerLimits}). An
 * operation runs only the plan that was confirmed (when the caller names one) and only what the
 * allow-list permits, both checked on the plan it is about to run. Thread-safe.
 */
public final class Agent implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

  /** Request bodies larger than this are refused with 413. */
  public static final int MAX_BODY_BYTES = Bodies.MAX_BYTES;

  static final String VERSION = "0.1.0";

  /**
   * What an agent serves and how.
   *
   * @param mode {@code windows} or {@code simulated}, reported by /v1/health
   * @param tls null for plain HTTP
   * @param warmup how sites are warmed up after a start, resume, recycle or reset
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
      EngineSettings engine,
      Warmup warmup) {

    /** Settings with the standard warm-up (each started site's first http binding). */
    public Settings(
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
      this(
          host,
          mode,
          clock,
          sleeper,
          keys,
          allow,
          bind,
          port,
          tls,
          keepFinished,
          engine,
          Warmup.standard());
    }

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
      Objects.requireNonNull(warmup, "warmup");
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

  private static final String OPERATION_SHAPE =
      "{\"id\", \"action\", \"scope\", \"options\", \"requestedBy\", \"planIdentity\"}";
  private static final String ABORT_SHAPE = "{\"requestedBy\"}";
  private static final String PLAN_SHAPE = "{\"action\", \"scope\", \"options\"}";

  private final Settings settings;
  private final OperationEngine engine;
  private final Operations operations;
  private final RequestVerifier verifier;
  private final SignedRequests signed;
  private final ExecutorService runner;
  private final Javalin app;
  private volatile boolean stopping;

  private Agent(Settings s) {
    this.settings = s;
    this.engine =
        new OperationEngine(
            s.host(), s.clock(), s.sleeper(), s.engine(), SuspensionLedger.inMemory(), s.warmup());
    this.runner =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "iisbot-operation");
              t.setDaemon(false);
              return t;
            });
    this.operations =
        new Operations(engine, s.clock(), s.keepFinished(), runner, spec -> gate(s.allow(), spec));
    this.verifier = new RequestVerifier(s.host().name(), s.keys(), s.clock());
    this.signed = new SignedRequests(verifier);
    this.app = Javalin.create(this::configure);
  }

  /**
   * Starts an agent; {@code port} 0 picks a free one. It serves from the next whole second on its
   * clock (waiting for it with its sleeper): requests stamped before then are refused as possible
   * replays of requests to an earlier run.
   */
  public static Agent start(Settings settings) {
    Agent a = new Agent(settings);
    long wait = a.verifier.startedAt().toEpochMilli() - settings.clock().millis();
    if (wait > 0) {
      try {
        settings.sleeper().sleep(Duration.ofMillis(wait));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    a.app.start();
    LOG.info("iisbot agent for {} listening on {}", settings.host().name(), a.uri());
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

  /** The name requests must be signed for: the host's, in lower case. */
  public String name() {
    return io.iisbot.iis.agent.AgentAuth.agentName(settings.host().name());
  }

  /**
   * Stops taking requests; a running operation is given a minute to finish. A host that holds
   * resources (a simulated host serving HTTP) is closed with the agent.
   */
  @Override
  public void close() {
    close(Duration.ofMinutes(1));
  }

  /**
   * As {@link #close()}, giving a running operation {@code wait} to finish (an in-process agent, as
   * in the demo, need not wait for its simulated host).
   */
  public void close(Duration wait) {
    stopping = true;
    app.stop();
    runner.shutdown();
    try {
      if (!runner.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("an operation was still running when the agent stopped");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (settings.host() instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        LOG.warn("the host did not close cleanly", e);
      }
    }
  }

  private void configure(io.javalin.config.JavalinConfig cfg) {
    cfg.startup.showJavalinBanner = false;
    cfg.startup.showOldJavalinVersionWarning = false;
    cfg.jsonMapper(new JavalinJackson(AgentJson.lenient(), false));
    cfg.http.maxRequestSize = MAX_BODY_BYTES;
    cfg.jetty.host = settings.bind();
    cfg.jetty.port = settings.port();
    ServerLimits.standard().applyTo(cfg);
    if (settings.tls() != null) {
      Tls.addHttpsConnector(cfg, settings.tls(), settings.bind(), settings.port());
    }
    // For a service manager or a load balancer: unsigned, and saying nothing but up and ready.
    cfg.routes.get("/healthz", ctx -> ctx.contentType("text/plain").result("ok"));
    cfg.routes.get(
        "/readyz",
        ctx -> {
          ctx.contentType("text/plain");
          if (stopping) {
            ctx.status(503).result("stopping");
          } else {
            ctx.result("ready");
          }
        });
    cfg.routes.before("/v1/*", signed::authenticate);
    cfg.routes.get("/v1/health", this::health);
    cfg.routes.get("/v1/snapshot", ctx -> ctx.json(engine.snapshot()));
    cfg.routes.post("/v1/plans", this::plan);
    cfg.routes.post("/v1/operations", this::startOperation);
    cfg.routes.get("/v1/operations/{id}", ctx -> ctx.json(operation(ctx).view()));
    cfg.routes.post("/v1/operations/{id}/abort", this::abortOperation);
    cfg.routes.get(
        "/v1/operations/{id}/progress", ctx -> ProgressStream.serve(ctx, operation(ctx)));
    cfg.routes.get(
        "/v1/events", ctx -> EventsRoute.serve(ctx, settings.host(), settings.clock(), engine));
    cfg.routes.exception(
        HttpError.class, (e, ctx) -> error(ctx, e.status, e.code, e.getMessage(), e.running));
    cfg.routes.exception(AuthException.class, SignedRequests::unauthorized);
    cfg.routes.exception(
        Bodies.Aborted.class, (e, ctx) -> SignedRequests.aborted(ctx, e.getMessage()));
    cfg.routes.exception(
        JsonProcessingException.class,
        (e, ctx) -> error(ctx, 400, "bad_request", JsonProblems.describe(e), null));
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

  // ---- routes --------------------------------------------------------------------------------

  private void health(Context ctx) {
    ctx.json(
        new Wire.Health(
            "ok", VERSION, settings.host().name(), settings.mode(), settings.clock().instant()));
  }

  private void plan(Context ctx) {
    PlanSpec spec = Bodies.object(SignedRequests.body(ctx), PlanSpec.class, PLAN_SHAPE);
    requireSafeNames(spec.scope());
    Plan plan = engine.plan(spec.request());
    requireAllowed(plan, spec.request().options());
    ctx.json(plan);
  }

  private void startOperation(Context ctx) {
    OperationSpec spec =
        Bodies.object(SignedRequests.body(ctx), OperationSpec.class, OPERATION_SHAPE);
    requireSafeNames(spec.scope());
    Optional<AgentOperation> existing = operations.get(spec.id());
    if (existing.isEmpty()) {
      // Said at once when it can be; the operation checks again on the plan it is about to run.
      Plan plan = engine.plan(spec.request());
      if (spec.planIdentity() != null && !spec.planIdentity().equals(plan.identity())) {
        throw new HttpError(409, "plan_changed", PlanGate.changed(plan));
      }
      requireAllowed(plan, spec.options());
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

  /**
   * Asks a running operation to stop at its next safe point and undo what it changed: 202 when this
   * request asked, 200 when it had finished or was asked before (so retrying is safe).
   */
  private void abortOperation(Context ctx) {
    Wire.AbortSpec spec =
        Bodies.object(SignedRequests.body(ctx), Wire.AbortSpec.class, ABORT_SHAPE);
    AgentOperation op = operation(ctx);
    boolean asked = op.abort(spec.requestedBy());
    if (asked) {
      LOG.info("operation {}: abort requested by {}", op.spec().id(), spec.requestedBy());
    }
    ctx.status(asked ? 202 : 200);
    ctx.json(op.view());
  }

  /**
   * What an operation's plan must pass just before it runs: the plan the operator confirmed (when
   * the caller named one), and this agent's allow-list, both on the plan that is about to run.
   */
  static PlanGate gate(AllowList allow, OperationSpec spec) {
    PlanGate confirmed =
        spec.planIdentity() == null ? PlanGate.open() : PlanGate.confirmed(spec.planIdentity());
    return confirmed.and(
        plan -> {
          List<String> violations = allow.violations(plan, spec.options());
          return violations.isEmpty()
              ? Optional.empty()
              : Optional.of(
                  "not run: this agent's allow-list does not permit what it would now do: "
                      + String.join("; ", violations));
        });
  }

  /**
   * Refuses (400) a site or pool name that could smuggle a quote, an argument, a variable, an XPath
   * clause or a path into appcmd, the Event Log query or the SCM, whatever host this agent serves:
   * the same rule the Windows backend applies again before each call.
   */
  static void requireSafeNames(io.iisbot.iis.engine.Scope scope) {
    if (scope instanceof io.iisbot.iis.engine.Scope.Site s) {
      io.iisbot.iis.windows.Names.site(s.name());
    } else if (scope instanceof io.iisbot.iis.engine.Scope.Pool p) {
      io.iisbot.iis.windows.Names.pool(p.name());
    }
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

  // ---- errors --------------------------------------------------------------------------------

  static void error(Context ctx, int status, String code, String message, String running) {
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
    error(ctx, status, code, status == 413 ? Bodies.TOO_LARGE : e.getMessage(), null);
  }

  private void internalError(Exception e, Context ctx) {
    if (ServerLimits.isClientAbort(e)) {
      SignedRequests.aborted(ctx, ServerLimits.abortReason(e));
      return;
    }
    String ref = UUID.randomUUID().toString().substring(0, 8);
    LOG.error("request {} {} failed, reference {}", ctx.method(), ctx.path(), ref, e);
    error(
        ctx,
        500,
        "internal",
        "the agent failed; its log has the details under reference " + ref,
        null);
  }

  static String printable(String s) {
    String cut = s.length() > 80 ? s.substring(0, 80) + "…" : s;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }
}
