package io.iisbot.bot.commands;

import io.iisbot.bot.command.CommandRegistry;
import io.iisbot.bot.core.CommandServices;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** The commands of DESIGN §3.2, in the order help lists them. */
public final class StandardCommands {

  private StandardCommands() {}

  /** Every command, each with its handler over the bot's services. */
  public static CommandRegistry create(CommandServices s) {
    AtomicReference<CommandRegistry> registry = new AtomicReference<>();
    registry.set(
        new CommandRegistry(
            List.of(
                new HelpCommand(s, registry::get),
                new StatusCommand(s),
                ChangeCommand.stop(s),
                ChangeCommand.start(s),
                ChangeCommand.suspend(s),
                ChangeCommand.resume(s),
                ChangeCommand.recycle(s),
                ChangeCommand.reset(s),
                new EventsCommand(s),
                new HistoryCommand(s),
                ListingCommand.windows(s),
                ListingCommand.scheduled(s),
                new ReleaseCommand(s),
                new ConsoleCommand(s))));
    return registry.get();
  }
}
