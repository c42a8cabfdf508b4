package io.iisbot.bot.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import io.iisbot.iis.logging.LogFormat;
import io.iisbot.iis.logging.LogSetup;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the runnable bot's logging shows while servers start and stop: iisbot's own line, not
 * Jetty's and Javalin's start-up records. Puts the tests' logging back after each test.
 */
final class QuietLogsTest {

  @TempDir Path dir;

  private final LoggerContext context = LogSetup.context();
  private final ByteArrayOutputStream console = new ByteArrayOutputStream();

  @AfterEach
  void restore() throws Exception {
    context.reset();
    new ContextInitializer(context).autoConfig();
  }

  private String printed() {
    return console.toString(StandardCharsets.UTF_8);
  }

  @Test
  void demo_startingFourServers_printsNothingOnTheTerminal_andLogsToItsFile() throws Exception {
    Path log = dir.resolve("iisbot.log");
    PrintStream err = System.err;
    System.setErr(new PrintStream(console, true, StandardCharsets.UTF_8));
    try {
      assertThat(LogSetup.demo(LogFormat.TEXT, log)).isTrue();
      Demo.start(Map.of("IISBOT_PORT", "0"), dir.toString(), new PrintStream(console)).close();
    } finally {
      System.setErr(err);
    }

    assertThat(printed()).isEmpty();
    assertThat(Files.readString(log))
        .contains("INFO  io.iisbot.iis.agent.server.Agent iisbot agent for web01 listening on")
        .contains("INFO  io.iisbot.bot.app.BotApp iisbot serving on")
        .doesNotContain("org.eclipse.jetty")
        .doesNotContain("io.javalin");
  }

  @Test
  void bot_consoleInText_showsOnlyItsOwnStartLine() {
    LogSetup.reset(context)
        .addAppender(LogSetup.console(context, LogFormat.TEXT, console, Level.TRACE));

    Demo.start(
            Map.of("IISBOT_PORT", "0"),
            dir.toString(),
            new PrintStream(new ByteArrayOutputStream()))
        .close();

    // Closing says what it leaves running; starting says nothing but where it serves.
    assertThat(printed())
        .contains("INFO  BotApp stopping: 0 operations left running for re-attachment");
    assertThat(printed().lines())
        .filteredOn(l -> !l.contains(" Agent iisbot agent for web0"))
        .filteredOn(l -> !l.contains(" BotApp stopping: "))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .matches(
            "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  BotApp iisbot serving on http://127\\.0\\.0\\.1:\\d+");
  }
}
