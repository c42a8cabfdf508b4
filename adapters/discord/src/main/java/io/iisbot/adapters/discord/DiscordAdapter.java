package io.iisbot.adapters.discord;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.github.benmanes.caffeine.cache.Ticker;
import io.iisbot.adapters.chat.ChatHandler;
import io.iisbot.adapters.chat.ChatPlatform;
import io.iisbot.adapters.chat.ChatSink;
import io.iisbot.adapters.chat.Completions;
import io.iisbot.adapters.chat.Memberships;
import io.iisbot.adapters.chat.SharedState;
import io.javalin.config.JavalinConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.concurrent.ExecutorService;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.utils.Compression;
import net.dv8tion.jda.api.utils.SessionControllerAdapter;
import net.dv8tion.jda.api.utils.cache.CacheFlag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Discord adapter: HTTP interactions ({@code POST /discord/interactions}) when the
 * application's public key is configured, otherwise JDA over the gateway (no public URL needed).
 * The two are exclusive per application, as Discord makes them. Close it to stop. Thread-safe.
 */
public final class DiscordAdapter implements ChatPlatform {

  public static final String PLATFORM = DiscordFlow.PLATFORM;
  public static final String ROUTE = "/discord/interactions";

  /** How long a button's value is kept behind its short id: longer than any confirmation. */
  static final Duration BUTTONS_KEPT = Duration.ofHours(24);

  private static final Logger LOG = LoggerFactory.getLogger(DiscordAdapter.class);

  private final DiscordSettings settings;
  private final ObjectMapper json = JsonMapper.builder().build();
  private final ButtonIds ids;
  private final DiscordRest rest;
  private final DiscordChat chat;
  private final DiscordFlow flow;
  private final Completions completions;
  private final DiscordRoles roles;
  private final Clock clock;
  private final ReplayGuard replays;
  private final ChatHandler bot;
  private volatile JDA jda;

  /**
   * The adapter with interactions and button values remembered in this process's memory ({@link
   * ReplayGuard#inMemory}), timed by the clock.
   *
   * @param bot what commands and clicks are handed to
   */
  public DiscordAdapter(
      ChatHandler bot,
      DiscordSettings settings,
      Completions completions,
      Clock clock,
      ExecutorService executor) {
    this(bot, settings, completions, clock, executor, ReplayGuard.inMemory(ticker(clock)));
  }

  /**
   * The adapter with interactions and button values kept in the bot's shared state, so that any
   * replica answers a click on a button another made, and a repeated delivery is dropped on all.
   */
  public DiscordAdapter(
      ChatHandler bot,
      DiscordSettings settings,
      Completions completions,
      Clock clock,
      ExecutorService executor,
      SharedState shared) {
    this(
        bot,
        settings,
        completions,
        clock,
        executor,
        ReplayGuard.shared(shared),
        new ButtonIds(BUTTONS_KEPT, 50_000, shared));
  }

  /**
   * @param replays where the ids of interactions already handled are kept, such as a store shared
   *     by several instances
   */
  public DiscordAdapter(
      ChatHandler bot,
      DiscordSettings settings,
      Completions completions,
      Clock clock,
      ExecutorService executor,
      ReplayGuard replays) {
    this(bot, settings, completions, clock, executor, replays, new ButtonIds(BUTTONS_KEPT, 50_000));
  }

  private DiscordAdapter(
      ChatHandler bot,
      DiscordSettings settings,
      Completions completions,
      Clock clock,
      ExecutorService executor,
      ReplayGuard replays,
      ButtonIds ids) {
    this.ids = ids;
    this.bot = bot;
    this.settings = settings;
    this.completions = completions;
    this.clock = clock;
    this.replays = replays;
    this.rest =
        new DiscordRest(settings.apiUrl(), settings.applicationId(), settings.botToken(), json);
    this.chat = new DiscordChat(rest, ids, json, clock);
    this.flow = new DiscordFlow(executor);
    this.roles = new DiscordRoles(settings.guildId(), rest, () -> clock.millis() * 1_000_000L);
  }

  /** The clock as a Caffeine ticker, so that one injected time drives the adapter. */
  static Ticker ticker(Clock clock) {
    return () -> {
      Instant now = clock.instant();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    };
  }

  /** Where the bot's edits of Discord messages go. */
  @Override
  public String name() {
    return PLATFORM;
  }

  @Override
  public ChatSink sink() {
    return chat;
  }

  /**
   * The roles a {@code discord:} identity holds now in the configured server ({@code
   * discord-role:<id>}), read over REST and cached five minutes; none for other kinds, or without a
   * configured server.
   */
  @Override
  public java.util.Map<String, Memberships> memberships() {
    return java.util.Map.of(PLATFORM, roles);
  }

  /** Adds {@code POST /discord/interactions} (HTTP mode only). */
  @Override
  public void routes(JavalinConfig cfg) {
    if (settings.httpMode()) {
      DiscordHttp http =
          new DiscordHttp(
              settings, () -> bot, flow, chat, rest, ids, completions, json, clock, replays);
      cfg.routes.post(ROUTE, http::handle);
    }
  }

  /**
   * HTTP mode: registers the command through the REST API. Gateway mode: logs in with JDA, which
   * registers it once ready.
   */
  @Override
  public void start() {
    if (settings.httpMode()) {
      flow.later(
          () -> {
            if (rest.putCommands(
                    settings.guildId(), SlashCommandJson.registration(settings.command(), json))
                .isEmpty()) {
              LOG.warn("the /{} command could not be registered", settings.command().name());
            }
          });
      return;
    }
    JDABuilder b =
        // No privileged intents: interactions carry the member and their roles; JDA always asks
        // for guilds, which command registration in one server needs.
        JDABuilder.createLight(settings.botToken(), EnumSet.noneOf(GatewayIntent.class))
            .disableCache(EnumSet.allOf(CacheFlag.class))
            // Plain frames: simpler to follow in a capture, and what the test gateway speaks.
            .setCompression(Compression.NONE)
            .setEnableShutdownHook(false)
            .addEventListeners(
                new DiscordGateway(settings, () -> bot, flow, chat, ids, completions, replays));
    if (!settings.apiUrl().equals(DiscordSettings.DEFAULT_API_URL)) {
      // Another API (a proxy, a test stand-in): its own gateway, found as clients should find it.
      String gateway =
          rest.gatewayUrl()
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "Discord: no gateway URL from " + settings.apiUrl() + "gateway/bot"));
      b.setRestConfig(new RestConfig().setBaseUrl(settings.apiUrl()))
          .setSessionController(
              new SessionControllerAdapter() {
                @Override
                public String getGateway() {
                  return gateway;
                }
              });
    }
    jda = b.build();
  }

  /** HTTP mode: always; gateway mode: while JDA's gateway session is connected. */
  @Override
  public boolean connected() {
    JDA j = jda;
    return settings.httpMode() || (j != null && j.getStatus() == JDA.Status.CONNECTED);
  }

  @Override
  public void close() {
    if (jda != null) {
      jda.shutdownNow();
    }
  }
}
