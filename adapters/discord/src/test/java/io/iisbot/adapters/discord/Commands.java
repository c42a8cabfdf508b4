package io.iisbot.adapters.discord;

import io.iisbot.adapters.chat.CommandCatalog;
import io.iisbot.adapters.chat.CommandCatalog.Entry;
import io.iisbot.adapters.chat.CommandCatalog.Option;
import io.iisbot.adapters.chat.CommandCatalog.Option.Kind;
import java.util.List;

/** A {@code /iis} command shaped like the one the bot builds from its command registry. */
final class Commands {

  private Commands() {}

  static Option text(String name, String description) {
    return new Option(name, description, Kind.STRING, false, false, List.of());
  }

  static Option flag(String name, String description) {
    return new Option(name, description, Kind.BOOLEAN, false, false, List.of());
  }

  static final Option TARGET =
      new Option(
          CommandCatalog.TARGET,
          "a host (web01), a group (@web-prod), a pattern (web0*) or a list (web01,web02)",
          Kind.STRING,
          true,
          true,
          List.of());

  static final Option POOL =
      new Option(CommandCatalog.POOL, "only this app pool", Kind.STRING, false, true, List.of());

  static final Option SITE =
      new Option(CommandCatalog.SITE, "only this site", Kind.STRING, false, true, List.of());

  static final Entry STOP =
      new Entry(
          "stop",
          "stop IIS, a site or an app pool, letting requests in flight finish",
          CommandCatalog.TARGET,
          List.of(
              TARGET,
              POOL,
              SITE,
              flag("all", "with a whole host: WAS and its dependent services too"),
              text("drain", "how long requests in flight get to finish (1s to 1h)"),
              flag("force", "kill worker processes still running after the deadline"),
              flag("persist", "also turn off auto-start so it stays so after a reboot"),
              new Option(
                  "batch",
                  "how many hosts at a time when the target names several",
                  Kind.INTEGER,
                  false,
                  false,
                  List.of()),
              text("reason", "why; recorded and shown to everyone"),
              text("for", "a maintenance window: undo it by itself after this")));

  static final Entry EVENTS =
      new Entry(
          "events",
          "show recent IIS and WAS events from the Event Log",
          CommandCatalog.TARGET,
          List.of(
              TARGET,
              text("since", "how far back to look"),
              new Option(
                  "level",
                  "the least severe level shown",
                  Kind.STRING,
                  false,
                  false,
                  List.of("critical", "error", "warning", "information", "verbose"))));

  static final Entry HELP =
      new Entry(
          "help",
          "list the commands, or show one command's usage and options",
          "command",
          List.of(
              new Option(
                  "command",
                  "the command to explain",
                  Kind.STRING,
                  false,
                  false,
                  List.of("stop", "events", "console"))));

  static final Entry CONSOLE = new Entry("console", "a link to the web console", null, List.of());

  static final CommandCatalog IIS =
      new CommandCatalog(
          "iis", "stop, start and inspect IIS", List.of(HELP, STOP, EVENTS, CONSOLE));

  static Entry sub(String name, String positional, Option... options) {
    return new Entry(name, name + " it", positional, List.of(options));
  }

  static Option option(String name, Kind kind, boolean required, boolean auto, String... choices) {
    return new Option(name, "the " + name, kind, required, auto, List.of(choices));
  }

  static CommandCatalog iis(Entry... subs) {
    return new CommandCatalog("iis", "stop, start and inspect IIS", List.of(subs));
  }
}
