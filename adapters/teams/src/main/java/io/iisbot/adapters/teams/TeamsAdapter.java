package io.iisbot.adapters.teams;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.github.benmanes.caffeine.cache.Ticker;
import io.iisbot.adapters.chat.AnswerBudget;
import io.iisbot.adapters.chat.ChatPlatform;
import io.iisbot.adapters.chat.ChatSink;
import io.iisbot.adapters.chat.Memberships;
import io.iisbot.adapters.chat.PlatformContext;
import io.javalin.config.JavalinConfig;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Microsoft Teams adapter: Teams posts activities to {@code POST /teams/messages} (the Bot
 * Framework's token checked first), the bot answers through the Bot Connector with cards edited in
 * place. Button ids need no state (an {@code Action.Execute} carries its value), so any replica
 * answers a click; duplicate deliveries, conversations' connectors and personal chats are kept in
 * the bot's shared state. Close it to stop. Thread-safe.
 */
public final class TeamsAdapter implements ChatPlatform {

  public static final String PLATFORM = Activity.PLATFORM;
  public static final String ROUTE = "/teams/messages";

  private final TeamsSettings settings;
  private final PlatformContext ctx;
  private final ObjectMapper json = JsonMapper.builder().build();
  private final ExecutorService io;
  private final OpenIdKeys keys;
  private final TeamsChat chat;
  private final Conversations conversations;
  private final TeamsMemberships memberships;

  TeamsAdapter(TeamsSettings settings, PlatformContext ctx) {
    this.settings = settings;
    this.ctx = ctx;
    AtomicInteger n = new AtomicInteger();
    // The connector's and Entra's HTTP: a few threads, whatever the bot's load.
    this.io =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "iisbot-teams-http-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    HttpClient http =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).executor(io).build();
    Clock clock = ctx.clock();
    Ticker ticker = ticker(clock);
    this.keys = new OpenIdKeys(settings.openIdMetadataUrl(), http, json, ticker);
    EntraToken token =
        new EntraToken(
            settings.tokenUrl(), settings.appId(), settings.appPassword(), http, json, clock);
    Connector connector = new Connector(token, http, json, settings.retryBase(), io);
    this.conversations = new Conversations(ctx.shared(), ticker, settings.serviceUrl().toString());
    this.chat = new TeamsChat(connector, conversations, settings, System::nanoTime);
    this.memberships = new TeamsMemberships(ticker);
  }

  static Ticker ticker(Clock clock) {
    return () -> {
      Instant now = clock.instant();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    };
  }

  @Override
  public String name() {
    return PLATFORM;
  }

  @Override
  public ChatSink sink() {
    return chat;
  }

  /** The teams and channels a {@code teams:} user was lately seen in ({@link TeamsMemberships}). */
  @Override
  public Map<String, Memberships> memberships() {
    return Map.of(PLATFORM, memberships);
  }

  /** Adds {@code POST /teams/messages}. */
  @Override
  public void routes(JavalinConfig cfg) {
    TeamsInbound inbound =
        new TeamsInbound(
            new InboundAuth(keys, settings.appId(), ctx.clock()),
            ctx::handler,
            chat,
            conversations,
            ctx.shared(),
            new AnswerBudget(ctx.executor(), TeamsInbound.ANSWER_BUDGET),
            memberships,
            settings.command(),
            json);
    cfg.routes.post(ROUTE, inbound::handle);
  }

  /** Fetches the Bot Framework's signing keys, so the first activity need not wait for them. */
  @Override
  public void start() {
    ctx.executor().execute(keys::warm);
  }

  @Override
  public void close() {
    io.shutdownNow();
  }
}
