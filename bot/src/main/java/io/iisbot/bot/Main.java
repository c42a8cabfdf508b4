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
 * simulated host. Exits 2 with a usage line on a bad argument.
 */
public final class Main {

  static final String USAGE =
      "usage: java -jar iisbot.jar [--config iisbot.yaml] [--port 8080] [--data DIR]"
          + " [--log-format text|json]      (no config: the demo)\n"
          + "       java -jar iisbot.jar --scenario NAME|FILE [--action stop|start|suspend|resume|recycle|reset]"
          + " [--site NAME | --pool NAME] [--drain 90s] [--force] [--persist] [--all]   (the engine alone, in virtual time)\n"
          + "scenarios: "
          + String.join(", ", Scenarios.NAMES);

  private Main() {}

  public static void main(String[] args) {
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
    } catch (IllegalArgumentException | io.iisbot.config.ConfigException e) {
      System.err.println("iisbot: " + e.getMessage().replace("\n", "\niisbot: "));
      System.err.println(USAGE);
      System.exit(2);
    }
  }

  /** The bot: from a configuration file, or the demo when there is none. */
  private static void serve(Invocation inv) {
    java.util.Map<String, String> env = System.getenv();
    String config = inv.config != null ? inv.config : env.get("IISBOT_CONFIG");
    String data = inv.data != null ? inv.data : env.getOrDefault("IISBOT_DATA", "data");
    AutoCloseable running;
    if (config == null) {
      java.util.Map<String, String> demoEnv = new java.util.HashMap<>(env);
      if (inv.port != null) {
        demoEnv.put("IISBOT_PORT", inv.port);
      }
      // The terminal is for the walk-through: the log goes to a file beside the audit.
      java.nio.file.Path log = java.nio.file.Path.of(data, "iisbot.log");
      boolean logged = LogSetup.demo(inv.logFormatOr(LogFormat.TEXT), log);
      io.iisbot.bot.app.Demo demo = io.iisbot.bot.app.Demo.start(demoEnv, data, System.out);
      running = demo;
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
      io.iisbot.bot.app.BotApp app =
          io.iisbot.bot.app.BotApp.start(cfg, java.util.Map.of(), java.time.Clock.systemUTC());
      System.out.println(
          "iisbot serving on " + app.uri() + " with " + cfg.hosts().size() + " hosts");
      running = app;
    }
    java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    running.close();
                  } catch (Exception e) {
                    System.err.println("iisbot: while stopping: " + e.getMessage());
                  }
                  stopped.countDown();
                },
                "iisbot-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
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
