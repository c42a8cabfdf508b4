package io.iisbot.bot;

import io.iisbot.bot.demo.TerminalDemo;
import io.iisbot.iis.Durations;
import io.iisbot.iis.engine.Action;
import io.iisbot.iis.engine.OperationRequest;
import io.iisbot.iis.engine.Options;
import io.iisbot.iis.engine.Scope;
import io.iisbot.iis.sim.Scenarios;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts iisbot. With no arguments: the demo, a graceful stop and start of the {@code busy}
 * simulated host. Exits 2 with a usage line on a bad argument.
 */
public final class Main {

  static final String USAGE =
      "usage: java -jar iisbot.jar [--scenario NAME|FILE] [--action stop|start|suspend|resume|recycle|reset]"
          + " [--site NAME | --pool NAME] [--drain 90s] [--force] [--persist] [--all]\n"
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
      new TerminalDemo(System.out).run(Scenarios.load(inv.scenario), inv.requests());
    } catch (IllegalArgumentException e) {
      System.err.println("iisbot: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
    }
  }

  /** The command line, parsed. */
  static final class Invocation {
    String scenario = "busy";
    Action action;
    Scope scope = Scope.host();
    Options options = Options.defaults();
    boolean help;

    static Invocation parse(String[] args) {
      Invocation inv = new Invocation();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "-h", "--help" -> inv.help = true;
          case "--scenario" -> inv.scenario = value(args, ++i, a);
          case "--action" -> inv.action = Action.parse(value(args, ++i, a));
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

    private static String value(String[] args, int i, String flag) {
      if (i >= args.length || args[i].startsWith("--")) {
        throw new IllegalArgumentException(flag + " needs a value");
      }
      return args[i];
    }
  }
}
