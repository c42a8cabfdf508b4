package io.iisbot.bot.app;

import io.iisbot.adapters.chat.Caller;
import io.iisbot.adapters.chat.ChatSink;
import io.iisbot.adapters.chat.Identity;
import io.iisbot.adapters.console.ConsoleAccess;
import io.iisbot.adapters.console.ConsoleApi;
import io.iisbot.adapters.console.ConsoleChat;
import io.iisbot.adapters.console.ConsoleSessions;
import io.iisbot.adapters.discord.DiscordAdapter;
import io.iisbot.adapters.discord.DiscordSettings;
import io.iisbot.adapters.slack.SlackAdapter;
import io.iisbot.adapters.slack.SlackSettings;
import io.iisbot.bot.command.CommandParser;
import io.iisbot.bot.command.CommandRegistry;
import io.iisbot.bot.command.Help;
import io.iisbot.bot.confirm.TokenSigner;
import io.iisbot.bot.core.ApprovalPolicy;
import io.iisbot.bot.core.Bot;
import io.iisbot.bot.core.HostDirectory;
import io.iisbot.bot.policy.HostPattern;
import io.iisbot.bot.policy.Permissions;
import io.iisbot.bot.store.BotStore;
import io.iisbot.bot.store.PostgresStore;
import io.iisbot.bot.store.SqliteStore;
import io.iisbot.config.Action;
import io.iisbot.config.BotConfig;
import io.iisbot.config.ConfigLoader;
import io.iisbot.config.Host;
import io.iisbot.config.Policy;
import io.iisbot.config.Role;
import io.iisbot.iis.agent.AgentClient;
import io.javalin.Javalin;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Logger;
import java.util.stream.Collectors;

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
            .map(s -> new SlackAdapter(slackSettings(s, config), clock, runner))
            .orElse(null);
    if (slack != null) {
      sinks.put(SlackAdapter.PLATFORM, slack.sink());
    }
    HostDirectory directory = hosts(config);
    CommandRegistry registry = CommandRegistry.standard();
    this.discord =
        config
            .discord()
            .map(
                d ->
                    new DiscordAdapter(
                        discordSettings(
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
    this.store = openStore(config.store());
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "iisbot-edits"));
    String command = config.slack().map(BotConfig.Slack::command).orElse("/iis");
    this.bot =
        new Bot(
            new Bot.Parts(
                new CommandParser(registry, command),
                new Help(registry, command),
                permissions(config, directory),
                directory,
                policies(config),
                Policy.DEFAULT_CONFIRM_TIMEOUT,
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
                new FleetBoard(directory, store, runner, bot.traces()),
                new ConsoleAccess(
                    sessions,
                    config.demo() ? Optional.of(demoIdentities()) : Optional.empty(),
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

  /** The Slack adapter's settings: the configured app, and the user groups the roles name. */
  static SlackSettings slackSettings(BotConfig.Slack s, BotConfig config) {
    return new SlackSettings(
        s.signingSecret().map(io.iisbot.config.Secret::bytes),
        s.botToken().text(),
        s.appToken().map(io.iisbot.config.Secret::text),
        s.command(),
        s.apiUrl().map(URI::toString).orElse(SlackSettings.DEFAULT_API_URL),
        config.roles().stream()
            .flatMap(r -> r.members().stream())
            .filter(m -> m.startsWith("slack-group:"))
            .map(m -> m.substring("slack-group:".length()))
            .collect(Collectors.toSet()));
  }

  /**
   * The Discord adapter's settings: the configured application and the command from the registry.
   */
  static DiscordSettings discordSettings(
      BotConfig.Discord d, CommandRegistry registry, String commandName) {
    return new DiscordSettings(
        d.botToken().text(),
        d.publicKey(),
        d.applicationId(),
        d.guildId(),
        d.apiUrl().map(URI::toString).orElse(DiscordSettings.DEFAULT_API_URL),
        // One grammar on every platform: the parser reads the command name Slack is configured
        // with.
        DiscordCommands.from(registry, commandName));
  }

  /** The demo's two admins, so one person can also play the second approver. */
  private static ConsoleAccess.Demo demoIdentities() {
    return new ConsoleAccess.Demo(
        List.of(
            new Caller(Identity.parse(ConfigLoader.DEMO_ADMIN), List.of(), "demo"),
            new Caller(Identity.parse(ConfigLoader.DEMO_APPROVER), List.of(), "demo-approver")));
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
    return URI.create(
        base.replaceAll("/+$", "") + "/console/signin?t=" + sessions.issueLink(caller));
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

  static BotStore openStore(BotConfig.Store s) {
    if (s instanceof BotConfig.Sqlite q) {
      return SqliteStore.open(q.path());
    }
    BotConfig.Postgres pg = (BotConfig.Postgres) s;
    return PostgresStore.open(
        pg.url(), pg.user(), pg.password() == null ? null : pg.password().text());
  }

  static HostDirectory hosts(BotConfig config) {
    return new HostDirectory(
        config.hosts().stream()
            .map(h -> new HostDirectory.Entry(h.name(), agent(h), Set.copyOf(h.groups())))
            .toList());
  }

  static AgentClient agent(Host h) {
    AgentClient.Builder b =
        AgentClient.builder(h.agent(), h.keyId(), h.secret().bytes()).name(h.name());
    h.caCertificate().ifPresent(ca -> b.sslContext(trusting(h.name(), ca)));
    return b.build();
  }

  /** A TLS context trusting the agent's own (e.g. self-signed) certificate or its CA, from PEM. */
  static javax.net.ssl.SSLContext trusting(String host, java.nio.file.Path pem) {
    try (java.io.InputStream in = java.nio.file.Files.newInputStream(pem)) {
      java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      int i = 0;
      for (java.security.cert.Certificate c :
          java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        trust.setCertificateEntry("ca" + i++, c);
      }
      if (i == 0) {
        throw new IllegalArgumentException(
            "hosts." + host + ".caCertificate: no certificate in " + pem);
      }
      javax.net.ssl.TrustManagerFactory tmf =
          javax.net.ssl.TrustManagerFactory.getInstance(
              javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (java.io.IOException | java.security.GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "hosts." + host + ".caCertificate: cannot read " + pem + ": " + e.getMessage(), e);
    }
  }

  static Permissions permissions(BotConfig config, HostDirectory directory) {
    List<Permissions.Role> roles =
        config.roles().stream()
            .map(
                (Role r) ->
                    new Permissions.Role(
                        r.name(),
                        r.members().stream().map(Identity::parse).collect(Collectors.toSet()),
                        r.allow().stream()
                            .map(
                                g ->
                                    new Permissions.Grant(
                                        g.actions().stream()
                                            .map(Action::configName)
                                            .collect(Collectors.toSet()),
                                        g.hosts().stream()
                                            .map(p -> new HostPattern(p.text()))
                                            .toList()))
                            .toList()))
            .toList();
    return new Permissions(roles, directory.groupsByHost());
  }

  static List<ApprovalPolicy> policies(BotConfig config) {
    return config.policies().stream()
        .map(
            p ->
                new ApprovalPolicy(
                    p.name(),
                    p.actions().stream().map(Action::configName).collect(Collectors.toSet()),
                    p.hosts().stream().map(x -> new HostPattern(x.text())).toList(),
                    p.secondApprover(),
                    p.confirmTimeout()))
        .toList();
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
