package io.iisbot.bot.app;

import io.iisbot.adapters.chat.Caller;
import io.iisbot.adapters.chat.ChatSink;
import io.iisbot.adapters.chat.Memberships;
import io.iisbot.adapters.console.ConsoleAccess;
import io.iisbot.adapters.console.ConsoleApi;
import io.iisbot.adapters.console.ConsoleChat;
import io.iisbot.adapters.console.ConsoleSessions;
import io.iisbot.adapters.discord.DiscordAdapter;
import io.iisbot.adapters.slack.SlackAdapter;
import io.iisbot.bot.command.CommandParser;
import io.iisbot.bot.command.CommandRegistry;
import io.iisbot.bot.command.Help;
import io.iisbot.bot.confirm.TokenSigner;
import io.iisbot.bot.core.Bot;
import io.iisbot.bot.core.HostDirectory;
import io.iisbot.bot.policy.Permissions;
import io.iisbot.bot.store.BotStore;
import io.iisbot.config.BotConfig;
import io.javalin.Javalin;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Logger;

/**
 * The bot put together from its configuration: store, agents, roles, policies, the {@link Bot} and
 * its HTTP server ({@code GET /healthz}; chat adapters add their routes). Close it to stop.
 */
public final class BotApp implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(BotApp.class.getName());

  private final BotConfig config;
  private final BotStore store;
  private final ExecutorService runner;
  private final ScheduledExecutorService scheduler;
  private final Bot bot;
  private final Javalin http;
  private final ConsoleApi consoleApi;
  private final SlackAdapter slack;
  private final DiscordAdapter discord;

  private BotApp(BotConfig config, Map<String, ChatSink> given, Clock clock) {
    this.config = config;
    Map<String, ChatSink> sinks = new java.util.HashMap<>(given);
    ConsoleChat console = config.console().enabled() ? new ConsoleChat() : null;
    ConsoleSessions sessions =
        console == null
            ? null
            : new ConsoleSessions(
                clock, ConsoleSessions.DEFAULT_LINK_TTL, config.console().sessionTtl());
    if (console != null) {
      sinks.put(ConsoleChat.PLATFORM, console);
    }
    this.runner = Executors.newCachedThreadPool(r -> daemon(r, "iisbot-run"));
    this.slack =
        config
            .slack()
            .map(s -> new SlackAdapter(Assembly.slackSettings(s, config), clock, runner))
            .orElse(null);
    if (slack != null) {
      sinks.put(SlackAdapter.PLATFORM, slack.sink());
    }
    HostDirectory directory = Assembly.hosts(config);
    CommandRegistry registry = CommandRegistry.standard();
    this.discord =
        config
            .discord()
            .map(
                d ->
                    new DiscordAdapter(
                        Assembly.discordSettings(
                            d,
                            registry,
                            config.slack().map(BotConfig.Slack::command).orElse("/iis")),
                        new InventoryCompletions(directory, runner, clock),
                        clock,
                        runner))
            .orElse(null);
    if (discord != null) {
      sinks.put(DiscordAdapter.PLATFORM, discord.sink());
    }
    // By identity kind: slack:U… is in Slack's user groups, discord:… holds Discord roles.
    Map<String, Memberships> byKind = new java.util.HashMap<>();
    if (slack != null) {
      byKind.put("slack", slack.memberships());
    }
    if (discord != null) {
      byKind.put("discord", discord.memberships());
    }
    Memberships memberships = Memberships.byKind(byKind);
    Permissions permissions = Assembly.permissions(config, directory);
    this.store = Assembly.openStore(config.store());
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "iisbot-edits"));
    String command = config.slack().map(BotConfig.Slack::command).orElse("/iis");
    this.bot =
        new Bot(
            new Bot.Parts(
                new CommandParser(registry, command),
                new Help(registry, command),
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
                sessions == null ? null : caller -> signInLink(sessions, caller)));
    this.consoleApi =
        console == null
            ? null
            : new ConsoleApi(
                bot,
                console,
                new FleetBoard(directory, permissions, store, runner, bot.traces()),
                new ConsoleAccess(
                    sessions,
                    memberships,
                    config.demo() ? Optional.of(Assembly.demoIdentities()) : Optional.empty(),
                    config
                        .server()
                        .publicUrl()
                        .map(u -> "https".equalsIgnoreCase(u.getScheme()))
                        .orElse(false)));
    this.http =
        Javalin.create(
            cfg -> {
              cfg.startup.showJavalinBanner = false;
              cfg.startup.showOldJavalinVersionWarning = false;
              cfg.jetty.host = config.server().bind();
              cfg.jetty.port = config.server().port();
              io.iisbot.iis.http.ServerLimits.standard().applyTo(cfg); // slow bodies, idle peers
              cfg.routes.get("/healthz", ctx -> ctx.result("ok"));
              if (slack != null) {
                slack.connect(bot);
                slack.register(cfg);
              }
              if (discord != null) {
                discord.connect(bot);
                discord.register(cfg);
              }
              if (consoleApi != null) {
                consoleApi.register(cfg);
                new io.iisbot.adapters.console.ConsolePage().register(cfg);
              }
            });
  }

  /**
   * A sign-in link on the bot's public URL; without one, on the address it listens on (which works
   * only where that address is reachable, e.g. on the bot's own machine).
   */
  private URI signInLink(ConsoleSessions sessions, Caller caller) {
    String base =
        config
            .server()
            .publicUrl()
            .map(URI::toString)
            .orElseGet(
                () -> {
                  String bind = config.server().bind();
                  boolean any = bind.equals("0.0.0.0") || bind.equals("::");
                  return "http://" + (any ? "localhost" : bind) + ":" + http.port();
                });
    // The link names the person only: what they may do is judged at each request in the console.
    String token = sessions.issueLink(caller.user(), caller.displayName());
    return URI.create(base.replaceAll("/+$", "") + "/console/signin?t=" + token);
  }

  /** Opens the store, re-attaches to operations left in flight, and starts serving. */
  public static BotApp start(BotConfig config, Map<String, ChatSink> sinks, Clock clock) {
    BotApp app = new BotApp(config, sinks, clock);
    app.bot.reattach();
    app.http.start();
    if (app.slack != null) {
      app.slack.start();
    }
    if (app.discord != null) {
      app.discord.start();
    }
    LOG.info(() -> "iisbot serving on " + app.uri());
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

  @Override
  public void close() {
    if (consoleApi != null) {
      consoleApi.close(); // open event streams end now rather than at their next heartbeat
    }
    if (slack != null) {
      slack.close();
    }
    if (discord != null) {
      discord.close();
    }
    http.stop();
    runner.shutdownNow();
    scheduler.shutdownNow();
    store.close();
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
