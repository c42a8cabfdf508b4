package io.iisbot.bot.app;

import io.iisbot.adapters.chat.ChatPlatform;
import io.iisbot.adapters.chat.ChatPlatformProvider;
import io.iisbot.adapters.chat.ChatSink;
import io.iisbot.adapters.chat.Memberships;
import io.iisbot.adapters.chat.SignInLinks;
import io.iisbot.bot.commands.StandardCommands;
import io.iisbot.bot.confirm.TokenSigner;
import io.iisbot.bot.core.Announcements;
import io.iisbot.bot.core.Bot;
import io.iisbot.bot.core.HostDirectory;
import io.iisbot.bot.core.OperationTraces;
import io.iisbot.bot.lb.Balancing;
import io.iisbot.bot.policy.Permissions;
import io.iisbot.bot.store.BotStore;
import io.iisbot.config.BotConfig;
import io.iisbot.config.ConfigException;
import io.iisbot.iis.http.ServerLimits;
import io.javalin.Javalin;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The bot put together from its configuration: store, agents, roles, policies, the {@link Bot},
 * every configured chat platform found on the class path, and the HTTP server they share ({@code
 * GET /healthz}, {@code GET /readyz}, {@code GET /metrics} when configured; platforms add their
 * routes). Close it to stop: it stops taking requests, gives those being answered up to {@link
 * #ANSWER_GRACE}, and leaves running operations to their agents for the next start to re-attach to.
 */
public final class BotApp implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BotApp.class);

  /** How platforms that list commands (Discord) describe {@code /iis}. */
  static final String CATALOG_DESCRIPTION =
      "stop, start, suspend, resume, recycle or reset IIS, or see its status";

  private final BotConfig config;
  private final BotStore store;
  private final ExecutorService runner;
  private final ScheduledExecutorService scheduler;
  private final List<ChatPlatform> platforms = new ArrayList<>();
  private final Bot bot;
  private final Javalin http;
  private final BotMeters meters;
  private final Readiness readiness;
  private volatile boolean stopping;

  /** The requests being answered now (event streams included until they say they are one). */
  private final java.util.Set<io.javalin.http.Context> answering = ConcurrentHashMap.newKeySet();

  /** How long a stopping bot waits for the requests it is answering: Slack's and Discord's 3 s. */
  static final java.time.Duration ANSWER_GRACE = java.time.Duration.ofSeconds(3);

  private BotApp(BotConfig config, Map<String, ChatSink> given, Clock clock) {
    this.config = config;
    this.runner = runner();
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "iisbot-edits"));
    this.meters =
        new BotMeters(
            config.hosts().stream()
                .map(io.iisbot.config.Host::name)
                .collect(java.util.stream.Collectors.toSet()));
    this.store = Assembly.openStore(config.store());
    store.time(meters);
    HostDirectory directory = Assembly.hosts(config, meters);
    Permissions permissions = Assembly.permissions(config, directory);
    // One grammar on every platform: the parser reads the command name Slack is configured with.
    String command = config.slack().map(BotConfig.Slack::command).orElse("/iis");
    OperationTraces traces = new OperationTraces();
    // Filled below as the platforms are made; the bot reads both at each use.
    Map<String, ChatSink> sinks = new ConcurrentHashMap<>(given);
    AtomicReference<SignInLinks> signIn = new AtomicReference<>();
    AtomicReference<Memberships> memberships = new AtomicReference<>(Memberships.none());
    this.bot =
        new Bot(
            new Bot.Parts(
                command,
                permissions,
                Assembly.people(config),
                directory,
                Assembly.policies(config, directory),
                new TokenSigner(config.server().secret().bytes()),
                store,
                sinks,
                clock,
                runner,
                scheduler,
                () -> Optional.ofNullable(signIn.get()),
                config.timeZone()),
            traces,
            StandardCommands::create);
    meters.verbs(java.util.Set.copyOf(bot.commands().names()));
    meters.following(bot::following);
    bot.observe(meters);
    bot.useBalancing(
        Balancing.of(
            config.hosts(),
            config.loadBalancers(),
            clock,
            Balancing.overlappedRecycle(h -> directory.agent(h).snapshot())));
    bot.listen(
        new Announcements(
            config.announce().stream()
                .map(a -> new Announcements.Channel(a.platform().configName(), a.channel()))
                .toList(),
            sinks,
            config.server().publicUrl(),
            clock));
    try {
      // Roles and policies may name only the commands this bot has.
      config.requireKnownActions(bot.commands().permissions());
    } catch (ConfigException e) {
      stopThreads();
      store.close();
      throw e;
    }
    Context context =
        new Context(
            config,
            clock,
            runner,
            bot,
            user -> memberships.get().of(user),
            bot.commands().catalog(command, CATALOG_DESCRIPTION),
            new InventoryCompletions(directory, runner, clock),
            new FleetBoard(directory, permissions, store, runner, traces),
            new StoreSharedState(store, clock),
            this::baseUrl);
    for (ChatPlatformProvider p : ServiceLoader.load(ChatPlatformProvider.class)) {
      p.create(context).ifPresent(platforms::add);
    }
    Map<String, Memberships> byKind = new HashMap<>();
    given.keySet().forEach(meters::platform);
    for (ChatPlatform p : platforms) {
      meters.platform(p.name());
      sinks.put(p.name(), p.sink());
      byKind.putAll(p.memberships());
      p.signInLinks().ifPresent(links -> signIn.compareAndSet(null, links));
    }
    memberships.set(Memberships.byKind(byKind));
    this.readiness = new Readiness(store, platforms, directory, runner, () -> stopping);
    this.http =
        Javalin.create(
            cfg -> {
              cfg.startup.showJavalinBanner = false;
              cfg.startup.showOldJavalinVersionWarning = false;
              cfg.jetty.host = config.server().bind();
              cfg.jetty.port = config.server().port();
              cfg.jetty.threadPool = threadPool();
              // Before any handler a platform registers: these limits guard every route.
              ServerLimits.standard().applyTo(cfg);
              cfg.routes.before(this::admit);
              cfg.routes.after(this::answered);
              // Called when a request is done, streams and async answers included.
              cfg.requestLogger.http((ctx, ms) -> answered(ctx));
              cfg.routes.get("/healthz", ctx -> ctx.result("ok"));
              cfg.routes.get("/readyz", this::ready);
              Probes.metrics(cfg, config.server().metrics(), meters::scrape);
              platforms.forEach(p -> p.routes(cfg));
            });
  }

  /**
   * Where people reach the bot: its public URL; without one, the address it listens on (which works
   * only where that address is reachable, e.g. on the bot's own machine).
   */
  private URI baseUrl() {
    return config
        .server()
        .publicUrl()
        .orElseGet(
            () -> {
              String bind = config.server().bind();
              boolean any = bind.equals("0.0.0.0") || bind.equals("::");
              return URI.create("http://" + (any ? "localhost" : bind) + ":" + http.port());
            });
  }

  /**
   * Opens the store, re-attaches to operations left in flight that no live replica follows, and
   * starts serving.
   */
  public static BotApp start(BotConfig config, Map<String, ChatSink> sinks, Clock clock) {
    BotApp app = new BotApp(config, sinks, clock);
    try {
      app.http.start();
    } catch (RuntimeException e) {
      // Nothing is running yet: no operation to leave, no platform to tell.
      app.platforms.forEach(ChatPlatform::close);
      app.stopThreads();
      app.store.close();
      throw e;
    }
    app.bot.reattach();
    app.bot.startTimers();
    app.platforms.forEach(ChatPlatform::start);
    LOG.info("iisbot serving on {}", app.uri());
    return app;
  }

  public Bot bot() {
    return bot;
  }

  public BotStore store() {
    return store;
  }

  public String uri() {
    return "http://" + config.server().bind() + ":" + http.port();
  }

  /**
   * Stops: refuses new requests (503, so Slack retries and a load balancer moves on), waits up to
   * {@link #ANSWER_GRACE} for the answers being written, then disconnects the platforms and the
   * store. Operations still running are not aborted: they go on on their agents, stay recorded in
   * flight, and the store is told this replica stops, so another replica (or the next start)
   * re-attaches to them at once; one log line says how many.
   */
  @Override
  public void close() {
    stopping = true;
    long deadline = System.nanoTime() + ANSWER_GRACE.toNanos();
    while (answersPending() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (answersPending() > 0) {
      LOG.warn("stopping with {} requests still being answered", answersPending());
    }
    int left = bot.following();
    LOG.info("stopping: {} operation{} left running for re-attachment", left, left == 1 ? "" : "s");
    platforms.forEach(ChatPlatform::close);
    // Interrupts the threads following operations; each leaves its operation recorded in flight.
    stopThreads();
    http.stop();
    bot.leave();
    store.close();
  }

  /**
   * Stops as a killed process would, for tests: no grace, and nothing is said to the store, so
   * other replicas take this one's operations over only when its beat goes stale.
   */
  void crash() {
    stopping = true;
    platforms.forEach(ChatPlatform::close);
    stopThreads();
    http.stop();
    store.close();
  }

  /** Whether {@link #close()} has begun. */
  public boolean stopping() {
    return stopping;
  }

  /** Counts a request among those being answered, or refuses it once the bot is stopping. */
  private void admit(io.javalin.http.Context ctx) {
    if (Probes.isProbe(ctx.path())) {
      return;
    }
    if (stopping) {
      ctx.header("Retry-After", "1");
      throw new io.javalin.http.ServiceUnavailableResponse("iisbot is stopping; try again shortly");
    }
    answering.add(ctx);
  }

  private void answered(io.javalin.http.Context ctx) {
    answering.remove(ctx);
  }

  /**
   * The answers still being written; a live event stream lasts as long as its reader, so it is not
   * one to wait for.
   */
  private long answersPending() {
    return answering.stream()
        .filter(
            ctx -> {
              String type = ctx.res().getContentType();
              return type == null || !type.startsWith("text/event-stream");
            })
        .count();
  }

  private void ready(io.javalin.http.Context ctx) {
    Readiness.Report r = readiness.check();
    ctx.status(r.ready() ? 200 : 503);
    ctx.json(r.body());
  }

  /**
   * Runs operations and other slow work. A task may name its operation in the MDC for the lines it
   * logs; the pool clears the MDC after each task, so the next one on that thread starts without.
   */
  private static ExecutorService runner() {
    return new ThreadPoolExecutor(
        0,
        Integer.MAX_VALUE,
        60,
        TimeUnit.SECONDS,
        new SynchronousQueue<>(),
        r -> daemon(r, "iisbot-run")) {
      @Override
      protected void afterExecute(Runnable task, Throwable failure) {
        MDC.clear();
      }
    };
  }

  /** Ends the bot's own threads: operations' followers are interrupted (their records stay). */
  private void stopThreads() {
    runner.shutdownNow();
    scheduler.shutdownNow();
  }

  /**
   * Jetty's request threads: at most {@value #MAX_REQUEST_THREADS} (Jetty's default is 250), each
   * idle one ended after 30 s. Chat requests wait on their answer (up to the platforms' budget), so
   * a stall would otherwise grow the pool, and the process's memory with its stacks, to the
   * default; past the cap, requests queue.
   */
  private static org.eclipse.jetty.util.thread.QueuedThreadPool threadPool() {
    var pool = new org.eclipse.jetty.util.thread.QueuedThreadPool(MAX_REQUEST_THREADS, 8, 30_000);
    pool.setName("JettyServerThreadPool");
    return pool;
  }

  static final int MAX_REQUEST_THREADS = 128;

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
