package io.iisbot.bot.app;

import io.iisbot.adapters.chat.CommandCatalog;
import io.iisbot.adapters.chat.PlatformTool;
import io.iisbot.bot.commands.StandardCommands;
import io.iisbot.bot.core.CommandServices;
import io.iisbot.config.BotConfig;
import io.iisbot.config.ConfigLoader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The commands platform modules add to the jar's command line ({@link PlatformTool}, such as {@code
 * teams-manifest}), found through {@link ServiceLoader} and given the bot's commands and, when one
 * is named, its configuration.
 */
public final class PlatformTools {

  private PlatformTools() {}

  /** The tool called {@code name}, if a platform module on the class path offers one. */
  public static Optional<PlatformTool> find(String name) {
    for (PlatformTool t : ServiceLoader.load(PlatformTool.class)) {
      if (t.name().equals(name)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** Every tool's usage line. */
  public static List<String> usages() {
    List<String> out = new ArrayList<>();
    ServiceLoader.load(PlatformTool.class).forEach(t -> out.add(t.usage()));
    return out;
  }

  /**
   * Runs {@code tool} with {@code args}; {@code --config FILE} among them (or {@code
   * IISBOT_CONFIG}) is read as the bot reads it.
   *
   * @throws io.iisbot.config.ConfigException when that configuration cannot be read or used
   * @throws IllegalArgumentException for a bad argument
   * @throws PlatformTool.CannotRun when the tool cannot do its work
   */
  public static void run(
      PlatformTool tool, List<String> args, Map<String, String> env, PrintStream out) {
    List<String> rest = new ArrayList<>();
    String config = env.get("IISBOT_CONFIG");
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).equals("--config")) {
        if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
          throw new IllegalArgumentException("--config needs a value");
        }
        config = args.get(++i);
      } else {
        rest.add(args.get(i));
      }
    }
    Optional<BotConfig> cfg =
        config == null ? Optional.empty() : Optional.of(ConfigLoader.load(Path.of(config), env));
    String command = cfg.flatMap(BotConfig::slack).map(BotConfig.Slack::command).orElse("/iis");
    tool.run(rest, new PlatformTool.Context(cfg, catalog(command), env, out));
  }

  /**
   * The bot's commands as platforms offer them, from the registry alone: the handlers are made over
   * no services, since a tool lists commands and never runs one.
   */
  static CommandCatalog catalog(String command) {
    return StandardCommands.create(
            new CommandServices(
                command,
                null,
                null,
                null,
                null,
                null,
                null,
                Optional::empty,
                null,
                null,
                null,
                null))
        .catalog(command, BotApp.CATALOG_DESCRIPTION);
  }
}
