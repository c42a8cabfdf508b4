package io.iisbot.bot.app;

import io.iisbot.adapters.chat.CommandCatalog;
import io.iisbot.adapters.chat.CommandCatalog.Option;
import io.iisbot.bot.command.CommandRegistry;
import io.iisbot.bot.command.CommandSpec;
import io.iisbot.bot.command.OptionSpec;
import java.util.ArrayList;
import java.util.List;

/** The {@code /iis} command as Discord registers it, read from the bot's command registry. */
final class DiscordCommands {

  private DiscordCommands() {}

  static CommandCatalog from(CommandRegistry registry, String commandName) {
    List<CommandCatalog.Entry> subs = new ArrayList<>();
    for (CommandSpec c : registry.all()) {
      List<Option> options = new ArrayList<>();
      String positional = null;
      if (c.name().equals(CommandRegistry.HELP)) {
        positional = "command";
        options.add(
            new Option(
                "command",
                "the command to explain",
                Option.Kind.STRING,
                false,
                false,
                registry.names().stream().filter(n -> !n.equals(CommandRegistry.HELP)).toList()));
      } else if (c.target() != CommandSpec.TargetRule.NONE) {
        positional = CommandCatalog.TARGET;
        options.add(
            new Option(
                CommandCatalog.TARGET,
                "a host (web01), a group (@web), a glob (web0*) or a comma list",
                Option.Kind.STRING,
                c.target() == CommandSpec.TargetRule.REQUIRED,
                true,
                List.of()));
      }
      boolean onlyScope = c.scopes().size() == 1 && c.scopeRequired();
      if (c.scopes().contains(CommandSpec.ScopeKind.POOL)) {
        options.add(
            new Option(
                CommandCatalog.POOL,
                "only this app pool",
                Option.Kind.STRING,
                onlyScope,
                true,
                List.of()));
      }
      if (c.scopes().contains(CommandSpec.ScopeKind.SITE)) {
        options.add(
            new Option(
                CommandCatalog.SITE,
                "only this site",
                Option.Kind.STRING,
                onlyScope,
                true,
                List.of()));
      }
      for (OptionSpec o : c.options()) {
        options.add(
            new Option(
                o.name(),
                o.description(),
                switch (o.type()) {
                  case FLAG -> Option.Kind.BOOLEAN;
                  case INT -> Option.Kind.INTEGER;
                  case DURATION, TEXT -> Option.Kind.STRING;
                },
                false,
                false,
                o.choices()));
      }
      subs.add(new CommandCatalog.Entry(c.name(), c.summary(), positional, options));
    }
    return new CommandCatalog(
        commandName.startsWith("/") ? commandName.substring(1) : commandName,
        "stop, start, suspend, resume, recycle or reset IIS, or see its status",
        subs);
  }
}
