package io.iisbot.iis.agent.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.rolling.RollingFileAppender;
import io.iisbot.iis.logging.LogCapture;
import io.iisbot.iis.logging.LogFormat;
import io.iisbot.iis.logging.LogSetup;
import io.iisbot.iis.logging.OperationMdc;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The log files and Logback's setup. Puts the tests' configuration back after every test. */
final class AgentLoggingTest {

  @TempDir Path dir;

  private final LoggerContext context = LogSetup.context();
  private final Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);

  @AfterEach
  void restore() {
    LogCapture.restoreTestConfiguration();
  }

  private List<Appender<ILoggingEvent>> appenders() {
    List<Appender<ILoggingEvent>> out = new ArrayList<>();
    for (Iterator<Appender<ILoggingEvent>> i = root.iteratorForAppenders(); i.hasNext(); ) {
      out.add(i.next());
    }
    return out;
  }

  private LoggingEvent record(String message) {
    LoggingEvent e =
        new LoggingEvent(
            LoggingEvent.class.getName(),
            context.getLogger("io.iisbot.test"),
            Level.INFO,
            message,
            null,
            null);
    e.setMDCPropertyMap(Map.of());
    return e;
  }

  private String read(String file) throws IOException {
    return Files.readString(dir.resolve(file), StandardCharsets.UTF_8);
  }

  private void configure(Path logDir, boolean eventLog, FakeEventLogApi events) {
    AgentLogging.configure(
        logDir,
        eventLog,
        null,
        java.io.OutputStream.nullOutputStream(),
        1_000_000,
        2,
        () -> events);
  }

  @Test
  void files_pastTheLimit_rollIntoNumberedFiles() {
    RollingFileAppender<ILoggingEvent> files = AgentLogging.files(context, dir, 1_000, 3);
    try {
      for (int i = 0; i < 40; i++) {
        files.doAppend(record(i + " " + "x".repeat(100)));
      }
    } finally {
      files.stop();
    }

    assertThat(dir.resolve("iisbot-agent.0.log")).exists();
    assertThat(dir.resolve("iisbot-agent.1.log")).exists();
    assertThat(dir.resolve("iisbot-agent.2.log")).exists();
    assertThat(dir.resolve("iisbot-agent.3.log")).doesNotExist();
    assertThat(dir.resolve("iisbot-agent.0.log").toFile().length()).isLessThan(1_000 + 200);
  }

  @Test
  void files_reopened_append() throws IOException {
    RollingFileAppender<ILoggingEvent> first = AgentLogging.files(context, dir, 1_000_000, 2);
    first.doAppend(record("before restart"));
    first.stop();
    RollingFileAppender<ILoggingEvent> second = AgentLogging.files(context, dir, 1_000_000, 2);
    second.doAppend(record("after restart"));
    second.stop();

    assertThat(read("iisbot-agent.0.log")).contains("before restart").contains("after restart");
    assertThat(dir.resolve("iisbot-agent.1.log")).doesNotExist();
  }

  @Test
  void configure_percentInDirectory_isTakenLiterally() {
    Path odd = dir.resolve("100%g %i %d logs");

    configure(odd, false, new FakeEventLogApi());
    LoggerFactory.getLogger("io.iisbot.test").info("in an odd place");

    assertThat(odd.resolve("iisbot-agent.0.log")).content().contains("in an odd place");
  }

  @Test
  void configure_missingDirectory_isCreated() {
    Path nested = dir.resolve("a/b/logs");

    configure(nested, false, new FakeEventLogApi());

    assertThat(nested.resolve("iisbot-agent.0.log")).exists();
  }

  @Test
  void configure_agentJulAndLibraryRecords_landInTheSameFileAtTheirLevels() throws IOException {
    configure(dir, false, new FakeEventLogApi());

    try (OperationMdc.Scope op = OperationMdc.put("op-1-web01")) {
      LoggerFactory.getLogger("io.iisbot.iis.agent.server.Test").info("from the agent");
    }
    java.util.logging.Logger.getLogger("org.glassfish.tyrus.Client").warning("from jul");
    LoggerFactory.getLogger("org.eclipse.jetty.server.Server").warn("a jetty warning");
    LoggerFactory.getLogger("org.eclipse.jetty.server.Server").info("jetty starting");
    LoggerFactory.getLogger("io.iisbot.iis.agent.server.Test").debug("below the level");

    String log = read("iisbot-agent.0.log");
    assertThat(log)
        .contains(" INFO  io.iisbot.iis.agent.server.Test [op-1-web01] from the agent")
        .contains(" WARN  org.glassfish.tyrus.Client from jul")
        .contains(" WARN  org.eclipse.jetty.server.Server a jetty warning")
        .doesNotContain("jetty starting")
        .doesNotContain("below the level");
  }

  @Test
  void configure_withEventLog_addsTheAppenderForWarningsAndAbove() {
    FakeEventLogApi events = new FakeEventLogApi();

    configure(dir, true, events);
    LoggerFactory.getLogger("io.iisbot.test").info("info only in the file");
    LoggerFactory.getLogger("io.iisbot.test").warn("warning in both");

    assertThat(appenders())
        .hasSize(2)
        .hasExactlyElementsOfTypes(RollingFileAppender.class, EventLogAppender.class);
    assertThat(events.events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.type()).isEqualTo(2);
              assertThat(e.message()).endsWith("warning in both");
            });
  }

  @Test
  void configure_withConsole_writesTheSameRecordsThereInItsFormat() {
    ByteArrayOutputStream console = new ByteArrayOutputStream();

    AgentLogging.configure(dir, false, LogFormat.TEXT, console, 1_000_000, 2, FakeEventLogApi::new);
    LoggerFactory.getLogger("io.iisbot.iis.agent.server.Agent").info("listening");

    assertThat(console.toString(StandardCharsets.UTF_8))
        .endsWith(" INFO  Agent listening\n".replace("\n", System.lineSeparator()));
  }

  @Test
  void configure_calledAgain_replacesItsAppenders() {
    configure(dir, true, new FakeEventLogApi());
    configure(dir, false, new FakeEventLogApi());

    assertThat(appenders()).singleElement().isInstanceOf(RollingFileAppender.class);
    assertThat(appenders().get(0).isStarted()).isTrue();
  }

  @Test
  @DisabledOnOs(OS.WINDOWS)
  void configure_eventLogAskedOffWindows_writesFilesOnly() {
    AgentLogging.configure(dir, true, null);

    assertThat(appenders()).singleElement().isInstanceOf(RollingFileAppender.class);
  }

  @Test
  void configure_directoryIsAFile_failsNamingItAndKeepsTheOldAppenders() throws IOException {
    Path file = Files.writeString(dir.resolve("logs"), "not a directory");
    configure(dir.resolve("ok"), false, new FakeEventLogApi());
    List<Appender<ILoggingEvent>> before = appenders();

    assertThatThrownBy(() -> configure(file, false, new FakeEventLogApi()))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageStartingWith("cannot create the log directory " + file);
    assertThat(appenders()).isEqualTo(before);
    assertThat(before.get(0).isStarted()).isTrue();
  }

  @Test
  void configure_directoryUnderAFile_failsNamingIt() throws IOException {
    Path file = Files.writeString(dir.resolve("logs"), "not a directory");

    assertThatThrownBy(() -> AgentLogging.configure(file.resolve("sub"), false, null))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageStartingWith("cannot create the log directory " + file.resolve("sub"));
  }
}
