package io.iisbot.iis.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iisbot.iis.http.ServerLimits;
import io.javalin.Javalin;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The runnable jars' logging, on the real Logback context; the tests' own is put back after. */
final class LogSetupTest {

  private static final Logger RUNS = LoggerFactory.getLogger("io.iisbot.bot.core.Runs");

  private final LoggerContext context = LogSetup.context();
  private final ByteArrayOutputStream console = new ByteArrayOutputStream();

  @AfterEach
  void restore() {
    LogSetup.reset(context); // uninstalls nothing, but leaves JUL routed the same way every time
    LogCapture.restoreTestConfiguration();
  }

  private void consoleIn(LogFormat format) {
    LogSetup.reset(context).addAppender(LogSetup.console(context, format, console, Level.TRACE));
  }

  private List<String> lines() {
    return console.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void text_operationInTheMdc_isOneLineWithTimeLevelLoggerOperationAndMessage() {
    consoleIn(LogFormat.TEXT);

    try (OperationMdc.Scope op = OperationMdc.put("op-20260105-090000-29736d-web03")) {
      RUNS.info("ended {} in {}", "SUCCEEDED", "4.554s");
    }
    RUNS.info("after the operation");

    assertThat(lines()).hasSize(2);
    assertThat(lines().get(0))
        .matches(
            "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  Runs \\[op-20260105-090000-29736d-web03\\]"
                + " ended SUCCEEDED in 4\\.554s");
    assertThat(lines().get(1))
        .matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  Runs after the operation");
  }

  @Test
  void json_eachRecord_isOneObjectOnOneLine() throws Exception {
    consoleIn(LogFormat.JSON);

    try (OperationMdc.Scope op = OperationMdc.put("op-1-web01")) {
      RUNS.warn("operation {} failed unexpectedly", "op-1", new IllegalStateException("boom"));
    }
    RUNS.info("a line\nwith a break");

    List<String> lines = lines();
    assertThat(lines).hasSize(2);
    ObjectMapper json = new ObjectMapper();
    JsonNode first = json.readTree(lines.get(0));
    assertThat(java.time.Instant.parse(first.get("time").asText())).isNotNull();
    assertThat(first.get("level").asText()).isEqualTo("WARN");
    assertThat(first.get("logger").asText()).isEqualTo("io.iisbot.bot.core.Runs");
    assertThat(first.get("operation").asText()).isEqualTo("op-1-web01");
    assertThat(first.get("message").asText()).isEqualTo("operation op-1 failed unexpectedly");
    assertThat(first.get("exception").asText())
        .startsWith("java.lang.IllegalStateException: boom")
        .contains("\tat ");
    JsonNode second = json.readTree(lines.get(1));
    assertThat(second.get("message").asText()).isEqualTo("a line\nwith a break");
    assertThat(second.has("operation")).isFalse();
    assertThat(second.has("exception")).isFalse();
  }

  @Test
  void levels_libraryInfoIsQuiet_butItsWarningsAndOursShow() {
    consoleIn(LogFormat.TEXT);

    LoggerFactory.getLogger("org.eclipse.jetty.server.Server").info("jetty-12 started");
    LoggerFactory.getLogger("com.zaxxer.hikari.HikariDataSource").info("pool started");
    LoggerFactory.getLogger("org.eclipse.jetty.server.Server").warn("a jetty warning");
    java.util.logging.Logger.getLogger("org.glassfish.tyrus.client").info("jul info");
    java.util.logging.Logger.getLogger("org.glassfish.tyrus.client").warning("jul warning");
    LoggerFactory.getLogger("io.iisbot.bot.app.BotApp").info("iisbot serving");
    LoggerFactory.getLogger("io.iisbot.bot.app.BotApp").debug("not at INFO");

    assertThat(lines())
        .extracting(l -> l.substring(13))
        .containsExactly(
            "WARN  Server a jetty warning",
            "WARN  client jul warning",
            "INFO  BotApp iisbot serving");
  }

  @Test
  void javalin_startingAndStopping_printsNothing() {
    consoleIn(LogFormat.TEXT);

    Javalin app =
        Javalin.create(
            cfg -> {
              cfg.startup.showJavalinBanner = false;
              cfg.jetty.host = "127.0.0.1";
              cfg.jetty.port = 0;
              ServerLimits.standard().applyTo(cfg);
              cfg.routes.get("/healthz", ctx -> ctx.result("ok"));
            });
    app.start();
    app.stop();

    assertThat(lines()).isEmpty();
  }

  @Test
  void demo_infoGoesToTheFile_warningsToTheConsoleToo(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("data/iisbot.log");
    java.io.PrintStream err = System.err;
    java.io.PrintStream captured = new java.io.PrintStream(console, true, StandardCharsets.UTF_8);
    System.setErr(captured);
    try {
      assertThat(LogSetup.demo(LogFormat.TEXT, file)).isTrue();
      RUNS.info("ended SUCCEEDED in 4.554s");
      RUNS.warn("could not edit message m2");
    } finally {
      System.setErr(err);
    }

    assertThat(lines())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .endsWith("WARN  Runs could not edit message m2");
    assertThat(Files.readString(file))
        .contains(" INFO  io.iisbot.bot.core.Runs ended SUCCEEDED in 4.554s")
        .contains(" WARN  io.iisbot.bot.core.Runs could not edit message m2");
  }

  @Test
  void demo_fileCannotBeWritten_everythingGoesToTheConsole(@TempDir Path dir) throws Exception {
    Path notADirectory = Files.writeString(dir.resolve("data"), "a file");
    java.io.PrintStream err = System.err;
    System.setErr(new java.io.PrintStream(console, true, StandardCharsets.UTF_8));
    try {
      assertThat(LogSetup.demo(LogFormat.TEXT, notADirectory.resolve("iisbot.log"))).isFalse();
      RUNS.info("ended SUCCEEDED in 4.554s");
    } finally {
      System.setErr(err);
    }

    assertThat(lines())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .endsWith("INFO  Runs ended SUCCEEDED in 4.554s");
  }
}
