package io.iisbot.bot;

import io.iisbot.bot.demo.TerminalDemo;
import io.iisbot.iis.Durations;
import io.iisbot.iis.engine.Action;
import io.iisbot.iis.engine.OperationRequest;
import io.iisbot.iis.engine.Options;
import io.iisbot.iis.engine.Scope;
import io.iisbot.iis.logging.LogFormat;
import io.iisbot.iis.logging.LogSetup;
import io.iisbot.iis.sim.Scenarios;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts iisbot. With no arguments: the demo, a graceful stop and start of the {@code busy}
 * simulated host. Exits 2 with a usage line on a bad argument, and with one plain line (what failed
 * and what to do; no stack trace) when the bot cannot start: a port in use, a configuration it
 * cannot read or use, a store it cannot reach.
 */
public final class Main {

  static final String USAGE =
      "usage: java -jar iisbot.jar [--config iisbot.yaml] [--port 8080] [--data DIR]"
          + " [--log-format text|json]      (no config: the demo)\n"
          + "       java -jar iisbot.jar --scenario NAME|FILE [--action stop|start|suspend|resume|recycle|reset]"
          + " [--site NAME | --pool NAME] [--drain 90s] [--force] [--persist] [--all]   (the engine alone, in virtual time)\n"
          + "       java -jar iisbot.jar teams-manifest --out iisbot-teams.zip [--config iisbot.yaml]"
          + " [--app-id GUID] [--domain HOST]   (Teams' app package, to upload)\n"
          + "scenarios: "
          + String.join(", ", Scenarios.NAMES);

  private Main() {}

  public static void main(String[] args) {
    if (args.length > 0 && !args[0].startsWith("-")) {
      runTool(args);
      return;
    }
    try {
      Invocation inv = Invocation.parse(args);
      if (inv.help) {
        System.out.println(USAGE);
        return;
      }
      // Before anything logs; the demo and a configuration file may set it up again.
      LogSetup.toConsole(inv.logFormatOr(LogFormat.TEXT));
      if (inv.engineOnly) {
        new TerminalDemo(System.out).run(Scenarios.load(inv.scenario), inv.requests());
        return;
      }
      serve(inv);
    } catch (io.iisbot.config.ConfigException | CannotStart e) {
      System.err.println("iisbot: " + e.getMessage().replace("\n", "\niisbot: "));
      System.exit(2);
    } catch (IllegalArgumentException e) {
      System.err.println("iisbot: " + e.getMessage().replace("\n", "\niisbot: "));
      System.err.println(USAGE);
      System.exit(2);
    }
  }

  /**
   * A command a platform module adds ({@code teams-manifest}): exits 2 with one plain line when it
   * cannot run, as the bot does when it cannot start.
   */
  private static void runTool(String[] args) {
    java.util.Optional<io.iisbot.adapters.chat.PlatformTool> tool =
        io.iisbot.bot.app.PlatformTools.find(args[0]);
    if (tool.isEmpty()) {
      System.err.println("iisbot: unknown command \"" + args[0] + "\"");
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    try {
      io.iisbot.bot.app.PlatformTools.run(
          tool.get(), List.of(args).subList(1, args.length), System.getenv(), System.out);
    } catch (io.iisbot.config.ConfigException | io.iisbot.adapters.chat.PlatformTool.CannotRun e) {
      System.err.println("iisbot: " + e.getMessage().replace("\n", "\niisbot: "));
      System.exit(2);
    } catch (IllegalArgumentException e) {
      System.err.println("iisbot: " + e.getMessage());
      System.err.println("usage: java -jar iisbot.jar " + tool.get().usage());
      System.exit(2);
    }
  }

  /** How long a stopping bot may take before the process ends anyway. */
  static final java.time.Duration STOP_LIMIT = java.time.Duration.ofSeconds(10);

  /** The bot could not start; the message says why and what to do, for the operator. */
  static final class CannotStart extends RuntimeException {
    CannotStart(String message) {
      super(message);
    }
  }

  /**
   * Starts the bot, turning what commonly stops it into a {@link CannotStart} that says what to do:
   * the port taken, the store unreachable.
   */
  static io.iisbot.bot.app.BotApp startBot(io.iisbot.config.BotConfig cfg, String source) {
    String inUse =
        "cannot listen on "
            + cfg.server().bind()
            + ":"
            + cfg.server().port()
            + ": the port is in use; stop what uses it, or choose another with --port or"
            + " server.port in "
            + source;
    // Asked before the HTTP server tries, which would log its own error first.
    if (cfg.server().port() != 0) {
      try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
        probe.setReuseAddress(true);
        probe.bind(new java.net.InetSocketAddress(cfg.server().bind(), cfg.server().port()));
      } catch (java.net.BindException e) {
        throw new CannotStart(inUse);
      } catch (java.io.IOException e) {
        // Anything else is the server's to report when it tries.
      }
    }
    try {
      return io.iisbot.bot.app.BotApp.start(cfg, java.util.Map.of(), java.time.Clock.systemUTC());
    } catch (io.iisbot.bot.store.StoreException e) {
      String where =
          cfg.store() instanceof io.iisbot.config.BotConfig.Postgres pg
              ? "PostgreSQL at " + pg.url()
              : "the SQLite store " + ((io.iisbot.config.BotConfig.Sqlite) cfg.store()).path();
      String fix =
          cfg.store() instanceof io.iisbot.config.BotConfig.Postgres
              ? "start it, or fix store.url, user and password in " + source
              : "check the file's directory and permissions, or store.path in " + source;
      throw new CannotStart("cannot open " + where + ": " + rootMessage(e) + "; " + fix);
    } catch (RuntimeException e) {
      if (causedBy(e, java.net.BindException.class)) {
        throw new CannotStart(inUse);
      }
      throw e;
    }
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  /** The innermost cause's message, on one line. */
  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return m.lines().findFirst().orElse("").strip();
  }

  /** The bot: from a configuration file, or the demo when there is none. */
  private static void serve(Invocation inv) {
    java.util.Map<String, String> env = System.getenv();
    String config = inv.config != null ? inv.config : env.get("IISBOT_CONFIG");
    String data = inv.data != null ? inv.data : env.getOrDefault("IISBOT_DATA", "data");
    java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
    if (config == null) {
      java.util.Map<String, String> demoEnv = new java.util.HashMap<>(env);
      if (inv.port != null) {
        demoEnv.put("IISBOT_PORT", inv.port);
      }
      // The terminal is for the walk-through: the log goes to a file beside the audit.
      java.nio.file.Path log = java.nio.file.Path.of(data, "iisbot.log");
      boolean logged = LogSetup.demo(inv.logFormatOr(LogFormat.TEXT), log);
      io.iisbot.bot.app.Demo demo = io.iisbot.bot.app.Demo.start(demoEnv, data, System.out);
      closeOnExit(demo, stopped);
      try {
        demo.walkThrough();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      demo.printNextSteps(logged ? log : null);
    } else {
      io.iisbot.config.BotConfig cfg =
          io.iisbot.config.ConfigLoader.load(java.nio.file.Path.of(config), env);
      if (inv.port != null) {
        cfg = cfg.withServer(cfg.server().withPort(Integer.parseInt(inv.port)));
      }
      LogSetup.toConsole(inv.logFormatOr(cfg.logging().format()));
      io.iisbot.bot.app.BotApp app = startBot(cfg, config);
      closeOnExit(app, stopped);
      System.out.println(
          "iisbot serving on " + app.uri() + " with " + cfg.hosts().size() + " hosts");
    }
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Closes {@code running} when the JVM is told to stop (SIGTERM, Ctrl-C), within {@link
   * #STOP_LIMIT}, then lets {@code stopped} go.
   */
  private static void closeOnExit(
      AutoCloseable running, java.util.concurrent.CountDownLatch stopped) {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  // Stopping is bounded: whatever hangs, the process ends after STOP_LIMIT.
                  Thread closing =
                      new Thread(
                          () -> {
                            try {
                              running.close();
                            } catch (Exception e) {
                              System.err.println("iisbot: while stopping: " + e.getMessage());
                            }
                          },
                          "iisbot-closing");
                  closing.setDaemon(true);
                  closing.start();
                  try {
                    closing.join(STOP_LIMIT.toMillis());
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  if (closing.isAlive()) {
                    System.err.println(
                        "iisbot: stopping took over "
                            + STOP_LIMIT.toSeconds()
                            + " s; exiting without waiting further");
                  }
                  stopped.countDown();
                },
                "iisbot-shutdown"));
  }

  /** The command line, parsed. */
  static final class Invocation {
    String scenario = "busy";
    Action action;
    Scope scope = Scope.host();
    Options options = Options.defaults();
    boolean help;
    boolean engineOnly;
    String config;
    String data;
    String port;
    LogFormat logFormat;

    static Invocation parse(String[] args) {
      Invocation inv = new Invocation();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "-h", "--help" -> inv.help = true;
          case "--scenario" -> {
            inv.scenario = value(args, ++i, a);
            inv.engineOnly = true;
          }
          case "--action" -> {
            inv.action = Action.parse(value(args, ++i, a));
            inv.engineOnly = true;
          }
          case "--config" -> inv.config = value(args, ++i, a);
          case "--data" -> inv.data = value(args, ++i, a);
          case "--port" -> inv.port = value(args, ++i, a);
          case "--log-format" -> inv.logFormat = logFormat(value(args, ++i, a));
          case "--site" -> inv.scope = new Scope.Site(value(args, ++i, a));
          case "--pool" -> inv.scope = new Scope.Pool(value(args, ++i, a));
          case "--drain" ->
              inv.options = inv.options.withDrain(Durations.parse(value(args, ++i, a)));
          case "--force" -> inv.options = inv.options.withForce(true);
          case "--persist" -> inv.options = inv.options.withPersist(true);
          case "--all" -> inv.options = inv.options.withAll(true);
          default -> throw new IllegalArgumentException("unknown argument \"" + a + "\"");
        }
      }
      return inv;
    }

    /** The given action, or by default a graceful stop followed by a start. */
    List<OperationRequest> requests() {
      List<OperationRequest> out = new ArrayList<>();
      if (action != null) {
        out.add(new OperationRequest(action, scope, options));
      } else {
        out.add(new OperationRequest(Action.STOP, scope, options));
        out.add(new OperationRequest(Action.START, scope, Options.defaults()));
      }
      return out;
    }

    /** The format given on the command line, which wins over the configuration's. */
    LogFormat logFormatOr(LogFormat configured) {
      return logFormat != null ? logFormat : configured;
    }

    private static LogFormat logFormat(String v) {
      try {
        return LogFormat.parse(v);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--log-format " + e.getMessage(), e);
      }
    }

    private static String value(String[] args, int i, String flag) {
      if (i >= args.length || args[i].startsWith("--")) {
        throw new IllegalArgumentException(flag + " needs a value");
      }
      return args[i];
    }
  }
}
