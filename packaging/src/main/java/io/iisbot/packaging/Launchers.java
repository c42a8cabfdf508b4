package io.iisbot.packaging;

import io.iisbot.bot.Launcher;
import io.iisbot.iis.agent.server.WindowsService;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The launchers of the archives, written from the JVM settings the code owns ({@link
 * Launcher#JVM_OPTIONS} for the bot, {@link WindowsService#JVM_OPTIONS} for the agent), so that a
 * release can never carry settings other than the ones the jars and the service installer use.
 * Stateless and thread-safe.
 */
public final class Launchers {

  /** Set for the bot's JVM so that the jar runs the bot in it instead of starting a child JVM. */
  static final String LAUNCHED = "-Diisbot.launched=true";

  /** What an option may contain so that it is one word, unquoted, in sh and in cmd.exe. */
  private static final Pattern PLAIN = Pattern.compile("-[A-Za-z0-9:+=._-]+");

  private Launchers() {}

  /** The bot's JVM options: {@link Launcher#JVM_OPTIONS}, checked. */
  public static List<String> botOptions() {
    return checked(Launcher.JVM_OPTIONS);
  }

  /** The agent's JVM options: {@link WindowsService#JVM_OPTIONS}, split and checked. */
  public static List<String> agentOptions() {
    return checked(Arrays.asList(WindowsService.JVM_OPTIONS.trim().split("\\s+")));
  }

  /** {@code bin/iisbot}: the bot on the archive's runtime, one JVM, malloc arenas capped. */
  public static String botScript() {
    return """
        #!/bin/sh
        # iisbot, the chat-ops bot, on the Java runtime of this folder: no Java needed on the machine.
        # Written by the release build from io.iisbot.bot.Launcher.JVM_OPTIONS; change those, not this.
        # Options of your own go in IISBOT_JAVA_OPTS (after these, so they win). The bot reads its
        # configuration from IISBOT_CONFIG or --config, and runs the demo without one.
        set -eu
        home=$(dirname -- "$(dirname -- "$(readlink -f -- "$0")")")
        # glibc gives every thread that allocates its own arena, native memory never returned.
        MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
        export MALLOC_ARENA_MAX
        # iisbot.launched: this script is the launcher, so the jar runs the bot in this JVM.
        # shellcheck disable=SC2086 # IISBOT_JAVA_OPTS holds several options
        exec "$home/runtime/bin/java" %s ${IISBOT_JAVA_OPTS:-} %s -jar "$home/lib/iisbot.jar" "$@"
        """
        .formatted(String.join(" ", botOptions()), LAUNCHED);
  }

  /** {@code bin/iisbot-agent}: the agent on the archive's runtime (a simulated host on Linux). */
  public static String agentScript() {
    return """
        #!/bin/sh
        # iisbot-agent on the Java runtime of this folder: no Java needed on the machine.
        # Written by the release build from io.iisbot.iis.agent.server.WindowsService.JVM_OPTIONS,
        # the settings the Windows service runs with; change those, not this.
        # Options of your own go in IISBOT_JAVA_OPTS (after these, so they win).
        set -eu
        home=$(dirname -- "$(dirname -- "$(readlink -f -- "$0")")")
        MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
        export MALLOC_ARENA_MAX
        # shellcheck disable=SC2086 # IISBOT_JAVA_OPTS holds several options
        exec "$home/runtime/bin/java" %s ${IISBOT_JAVA_OPTS:-} -jar "$home/lib/iisbot-agent.jar" "$@"
        """
        .formatted(String.join(" ", agentOptions()));
  }

  /**
   * {@code bin\iisbot-agent.cmd} of the Windows zip, with CRLF line ends. The service itself is
   * registered by {@code iisbot-agent.jar install}, whose command line carries the same options.
   */
  public static String agentCmd() {
    String text =
        """
        @echo off
        rem iisbot-agent on the Java runtime of this folder: no Java needed on the machine.
        rem Written by the release build from io.iisbot.iis.agent.server.WindowsService.JVM_OPTIONS,
        rem the settings the service runs with; change those, not this.
        setlocal
        "%%~dp0..\\runtime\\bin\\java.exe" %s %%IISBOT_JAVA_OPTS%% -jar "%%~dp0..\\lib\\iisbot-agent.jar" %%*
        exit /b %%ERRORLEVEL%%
        """
            .formatted(String.join(" ", agentOptions()));
    return text.replace("\n", "\r\n");
  }

  private static List<String> checked(List<String> options) {
    for (String o : options) {
      if (!PLAIN.matcher(o).matches()) {
        throw new IllegalArgumentException(
            "a launcher option must be one plain word starting with '-', was \"" + o + "\"");
      }
    }
    return List.copyOf(options);
  }
}
