package io.iisbot.adapters.chat;

import io.iisbot.config.BotConfig;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A command a platform module adds to the jar's command line beside running the bot, such as {@code
 * java -jar iisbot.jar teams-manifest --out iisbot-teams.zip}, which writes Teams' app package.
 * Each module registers its tools in {@code
 * META-INF/services/io.iisbot.adapters.chat.PlatformTool}; the bot runs the one its first argument
 * names, so the core names no platform here either.
 */
public interface PlatformTool {

  /** The word that runs it, such as {@code teams-manifest}. */
  String name();

  /** Its usage, after {@code java -jar iisbot.jar}, on one line. */
  String usage();

  /**
   * Runs it.
   *
   * @param args the arguments after its name, without {@code --config FILE} (read into {@code
   *     context})
   * @throws IllegalArgumentException for an argument it does not take; the bot shows the message
   *     and the usage, and exits 2
   * @throws CannotRun when it cannot do its work; the bot shows the message and exits 2
   */
  void run(List<String> args, Context context);

  /**
   * What a tool may use.
   *
   * @param config the bot's configuration, when one was given ({@code --config} or {@code
   *     IISBOT_CONFIG})
   * @param commands the bot's commands, as platforms offer them
   * @param env the process environment
   * @param out where to say what it did
   */
  record Context(
      Optional<BotConfig> config,
      CommandCatalog commands,
      Map<String, String> env,
      PrintStream out) {
    public Context {
      Objects.requireNonNull(config, "config");
      Objects.requireNonNull(commands, "commands");
      env = Map.copyOf(env);
      Objects.requireNonNull(out, "out");
    }
  }

  /** The tool cannot do its work; the message, for the operator, says what failed and the fix. */
  final class CannotRun extends RuntimeException {
    public CannotRun(String message) {
      super(message);
    }
  }
}
