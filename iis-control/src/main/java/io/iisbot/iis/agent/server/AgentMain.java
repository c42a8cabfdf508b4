package io.iisbot.iis.agent.server;

import io.iisbot.iis.IisHost;
import io.iisbot.iis.Sleeper;
import io.iisbot.iis.engine.EngineSettings;
import io.iisbot.iis.engine.Warmup;
import io.iisbot.iis.logging.LogFormat;
import io.iisbot.iis.logging.LogSetup;
import io.iisbot.iis.sim.Scenarios;
import io.iisbot.iis.sim.SimulatedIisHost;
import io.iisbot.iis.windows.WindowsIisHost;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar iisbot-agent.jar}: serves this host's IIS (or a simulated one) to the bot.
 *
 * <pre>
 * java -jar iisbot-agent.jar --config agent.yaml          the real IIS of this Windows host
 * java -jar iisbot-agent.jar --simulate busy --port 9701   a simulated host, keys from the environment
 * </pre>
 */
public final class AgentMain {

  static final String USAGE =
      """
      usage: java -jar iisbot-agent.jar [--config agent.yaml] [--simulate SCENARIO|FILE] [--port N] [--bind ADDRESS] [--log-format text|json]
             java -jar iisbot-agent.jar install --config agent.yaml [--name iisbot-agent] [--account LocalSystem|ACCOUNT [--password-env VAR]]
             java -jar iisbot-agent.jar remove [--name iisbot-agent]
      Without --config, the key comes from IISBOT_AGENT_KEY_ID and IISBOT_AGENT_SECRET (make one with `openssl rand -hex 32`).
      Scenarios: %s"""
          .formatted(String.join(", ", Scenarios.NAMES));

  private AgentMain() {}

  /** The service name used when {@code --name} is not given. */
  static final String DEFAULT_SERVICE = "iisbot-agent";

  /**
   * The account used when {@code --account} is not given. The agent controls W3SVC and WAS and
   * changes IIS configuration, which takes an administrator; a virtual account ({@code NT
   * SERVICE\iisbot-agent}) works once added to the local Administrators group.
   */
  static final String DEFAULT_ACCOUNT = "LocalSystem";

  public static void main(String[] args) {
    Agent agent;
    try {
      Invocation inv = Invocation.parse(args);
      if (inv.help) {
        System.out.println(USAGE);
        return;
      }
      LogSetup.toConsole(inv.logFormat);
      switch (inv.command) {
        case "install" -> {
          install(inv, System.getenv());
          return;
        }
        case "remove" -> {
          WindowsService.remove(inv.name);
          System.out.println("removed the service " + inv.name);
          return;
        }
        case "service" -> {
          runAsService(inv, System.getenv());
          return;
        }
        default -> {}
      }
      if (inv.config != null) {
        logTo(AgentConfig.read(inv.config).resolve(System.getenv()), inv.logFormat);
      }
      agent = serve(inv, System.getenv(), System.out);
    } catch (IllegalArgumentException | AgentConfig.Invalid | io.iisbot.iis.IisException e) {
      System.err.println("iisbot-agent: " + e.getMessage().replace("\n", "\niisbot-agent: "));
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  agent.close();
                  stopped.countDown();
                },
                "iisbot-agent-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Starts the agent an invocation describes; the caller closes it. */
  static Agent serve(Invocation inv, Map<String, String> env, PrintStream out) {
    AgentConfig file =
        inv.config != null
            ? AgentConfig.read(inv.config)
            : AgentConfig.fromEnvironment(inv.simulate);
    AgentConfig config =
        new AgentConfig(
            file.host(),
            inv.bind != null ? inv.bind : file.bind(),
            inv.port != null ? inv.port : file.port(),
            file.tls(),
            file.keys(),
            file.allow(),
            file.keepFinished(),
            file.logDir(),
            file.eventLog(),
            inv.simulate != null ? inv.simulate : file.simulate(),
            file.appcmdTimeout(),
            file.warmup());
    if (config.simulate() == null && !isWindows()) {
      throw new IllegalArgumentException(
          "the real IIS backend needs Windows; use --simulate SCENARIO to serve a simulated host");
    }
    AgentConfig.Resolved r = config.resolve(env);
    IisHost host;
    String mode;
    if (r.simulate() != null) {
      host = new SimulatedIisHost(Scenarios.load(r.simulate()), Clock.systemUTC()).serveHttp();
      mode = "simulated";
    } else {
      host = WindowsIisHost.local(r.host(), r.appcmdTimeout());
      mode = "windows";
    }
    Agent agent =
        Agent.start(
            new Agent.Settings(
                host,
                mode,
                Clock.systemUTC(),
                Sleeper.system(),
                r.keys(),
                r.allow(),
                r.bind(),
                r.port(),
                r.tls(),
                r.keepFinished(),
                EngineSettings.defaults(),
                Warmup.of(r.warmup())));
    out.println(
        "iisbot agent for "
            + host.name()
            + " ("
            + mode
            + (r.simulate() != null ? ": " + r.simulate() : "")
            + ") on "
            + agent.uri()
            + ", keys: "
            + String.join(", ", r.keys().keySet()));
    return agent;
  }

  /** Installs the agent as an automatic-start service running this jar with this config. */
  static void install(Invocation inv, Map<String, String> env) {
    if (inv.config == null) {
      throw new IllegalArgumentException("install needs --config: the service runs with that file");
    }
    Path config = inv.config.toAbsolutePath().normalize();
    AgentConfig.read(config).resolve(env);
    String password = null;
    if (inv.passwordEnv != null) {
      password = env.get(inv.passwordEnv);
      if (password == null) {
        throw new IllegalArgumentException(inv.passwordEnv + " is not set");
      }
    }
    WindowsService.InstallSpec spec =
        new WindowsService.InstallSpec(
            inv.name,
            "iisbot agent",
            "Serves this host's IIS to the iisbot chat-ops bot over authenticated HTTPS.",
            inv.account,
            password,
            Path.of(System.getProperty("java.home"), "bin", "java.exe"),
            runningJar(),
            config);
    WindowsService.install(spec);
    System.out.println(
        "installed the service "
            + inv.name
            + " (automatic start) as "
            + inv.account
            + ": "
            + WindowsService.commandLine(spec)
            + "\nstart it now with: sc.exe start "
            + inv.name);
  }

  /** What the SCM runs: logging to files and the event log, the agent until the SCM stops it. */
  static void runAsService(Invocation inv, Map<String, String> env) {
    if (inv.config == null) {
      throw new IllegalArgumentException("service needs --config");
    }
    AgentConfig.Resolved r = AgentConfig.read(inv.config).resolve(env);
    logTo(r, null);
    WindowsService.dispatch(inv.name, () -> serve(inv, env, System.out));
  }

  /** The configuration's files and Event Log, and the console in {@code console} unless null. */
  private static void logTo(AgentConfig.Resolved r, LogFormat console) {
    if (!LogSetup.operatorsOwnFile()) {
      AgentLogging.configure(r.logDir(), r.eventLog(), console);
    }
  }

  private static Path runningJar() {
    try {
      Path p = Path.of(AgentMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (!p.toString().endsWith(".jar")) {
        throw new IllegalArgumentException("install runs from iisbot-agent.jar, not from " + p);
      }
      return p;
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException("cannot tell where iisbot-agent.jar is", e);
    }
  }

  static boolean isWindows() {
    return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
  }

  /** The command line, parsed. */
  static final class Invocation {
    String command = "run";
    String name = DEFAULT_SERVICE;
    String account = DEFAULT_ACCOUNT;
    String passwordEnv;
    Path config;
    String simulate;
    Integer port;
    String bind;
    LogFormat logFormat = LogFormat.TEXT;
    boolean help;

    static Invocation parse(String[] args) {
      Invocation inv = new Invocation();
      int first = 0;
      if (args.length > 0 && List.of("install", "remove", "service").contains(args[0])) {
        inv.command = args[0];
        first = 1;
      }
      for (int i = first; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--name" -> inv.name = value(args, ++i, a);
          case "--account" -> inv.account = value(args, ++i, a);
          case "--password-env" -> inv.passwordEnv = value(args, ++i, a);
          case "-h", "--help" -> inv.help = true;
          case "--config" -> inv.config = Path.of(value(args, ++i, a));
          case "--simulate" -> inv.simulate = value(args, ++i, a);
          case "--bind" -> inv.bind = value(args, ++i, a);
          case "--log-format" -> inv.logFormat = logFormat(value(args, ++i, a));
          case "--port" -> {
            String v = value(args, ++i, a);
            try {
              inv.port = Integer.parseInt(v);
            } catch (NumberFormatException e) {
              throw new IllegalArgumentException("--port needs a number, was \"" + v + "\"");
            }
          }
          default -> throw new IllegalArgumentException("unknown argument \"" + a + "\"");
        }
      }
      return inv;
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
