package io.iisbot.iis.agent.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.FileHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The log files and the root logger's setup. Restores the root logger after every test. */
final class AgentLoggingTest {

  @TempDir Path dir;

  private final Logger root = LogManager.getLogManager().getLogger("");
  private Handler[] savedHandlers;
  private Level savedLevel;

  @BeforeEach
  void saveRoot() {
    savedHandlers = root.getHandlers();
    savedLevel = root.getLevel();
    for (Handler h : savedHandlers) {
      root.removeHandler(h);
    }
  }

  @AfterEach
  void restoreRoot() {
    for (Handler h : root.getHandlers()) {
      root.removeHandler(h);
      h.close();
    }
    for (Handler h : savedHandlers) {
      root.addHandler(h);
    }
    root.setLevel(savedLevel);
  }

  private static LogRecord record(String message) {
    LogRecord r = new LogRecord(Level.INFO, message);
    r.setLoggerName("io.iisbot.test");
    return r;
  }

  private String read(String file) throws IOException {
    return Files.readString(dir.resolve(file), StandardCharsets.UTF_8);
  }

  @Test
  void fileHandler_pastTheLimit_rollsIntoNumberedFiles() {
    FileHandler files = AgentLogging.fileHandler(dir, 1_000, 3);
    try {
      for (int i = 0; i < 40; i++) {
        files.publish(record(i + " " + "x".repeat(100)));
      }
    } finally {
      files.close();
    }

    assertThat(dir.resolve("iisbot-agent.0.log")).exists();
    assertThat(dir.resolve("iisbot-agent.1.log")).exists();
    assertThat(dir.resolve("iisbot-agent.2.log")).exists();
    assertThat(dir.resolve("iisbot-agent.3.log")).doesNotExist();
    assertThat(dir.resolve("iisbot-agent.0.log").toFile().length()).isLessThan(1_000 + 200);
  }

  @Test
  void fileHandler_reopened_appends() throws IOException {
    FileHandler first = AgentLogging.fileHandler(dir, 1_000_000, 2);
    first.publish(record("before restart"));
    first.close();
    FileHandler second = AgentLogging.fileHandler(dir, 1_000_000, 2);
    second.publish(record("after restart"));
    second.close();

    assertThat(read("iisbot-agent.0.log")).contains("before restart").contains("after restart");
    assertThat(dir.resolve("iisbot-agent.1.log")).doesNotExist();
  }

  @Test
  void fileHandler_percentInDirectory_isTakenLiterally() {
    Path odd = dir.resolve("100%g logs");

    AgentLogging.fileHandler(odd, 1_000, 2).close();

    assertThat(odd.resolve("iisbot-agent.0.log")).exists();
  }

  @Test
  void configure_missingDirectory_isCreated() {
    Path nested = dir.resolve("a/b/logs");

    AgentLogging.configure(nested, false, Level.INFO, 1_000_000, 2, FakeEventLogApi::new);

    assertThat(nested.resolve("iisbot-agent.0.log")).exists();
  }

  @Test
  void configure_julAndSlf4jRecords_landInTheSameFile() throws IOException {
    AgentLogging.configure(dir, false, Level.INFO, 1_000_000, 2, FakeEventLogApi::new);

    Logger.getLogger("io.iisbot.iis.agent.server.Test").warning("from jul");
    LoggerFactory.getLogger("org.eclipse.jetty.server.Server").info("from slf4j");
    LoggerFactory.getLogger("org.eclipse.jetty.server.Server").debug("below the level");
    for (Handler h : root.getHandlers()) {
      h.flush();
    }

    String log = read("iisbot-agent.0.log");
    assertThat(log)
        .contains(" WARNING io.iisbot.iis.agent.server.Test from jul")
        .contains(" INFO org.eclipse.jetty.server.Server from slf4j")
        .doesNotContain("below the level");
    assertThat(root.getLevel()).isEqualTo(Level.INFO);
  }

  @Test
  void configure_withEventLog_addsTheHandlerForWarningsAndAbove() {
    FakeEventLogApi events = new FakeEventLogApi();

    AgentLogging.configure(dir, true, Level.INFO, 1_000_000, 2, () -> events);
    Logger.getLogger("io.iisbot.test").info("info only in the file");
    Logger.getLogger("io.iisbot.test").warning("warning in both");

    assertThat(List.of(root.getHandlers()))
        .hasSize(2)
        .hasExactlyElementsOfTypes(FileHandler.class, EventLogHandler.class);
    assertThat(events.events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.type()).isEqualTo(2);
              assertThat(e.message()).endsWith("warning in both");
            });
  }

  @Test
  void configure_calledAgain_replacesItsHandlers() {
    AgentLogging.configure(dir, true, Level.INFO, 1_000_000, 2, FakeEventLogApi::new);
    AgentLogging.configure(dir, false, Level.FINE, 1_000_000, 2, FakeEventLogApi::new);

    assertThat(root.getHandlers()).hasSize(1).hasOnlyElementsOfType(FileHandler.class);
    assertThat(root.getLevel()).isEqualTo(Level.FINE);
  }

  @Test
  @DisabledOnOs(OS.WINDOWS)
  void configure_eventLogAskedOffWindows_writesFilesOnly() {
    AgentLogging.configure(dir, true, Level.INFO);

    assertThat(root.getHandlers()).hasSize(1).hasOnlyElementsOfType(FileHandler.class);
  }

  @Test
  void configure_directoryIsAFile_failsNamingItAndKeepsTheOldHandlers() throws IOException {
    Path file = Files.writeString(dir.resolve("logs"), "not a directory");
    AgentLogging.configure(
        dir.resolve("ok"), false, Level.INFO, 1_000_000, 2, FakeEventLogApi::new);
    Handler[] before = root.getHandlers();

    assertThatThrownBy(
            () -> AgentLogging.configure(file, false, Level.FINE, 1_000, 2, FakeEventLogApi::new))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageStartingWith("cannot create the log directory " + file);
    assertThat(root.getHandlers()).containsExactly(before);
    assertThat(root.getLevel()).isEqualTo(Level.INFO);
  }

  @Test
  void configure_directoryUnderAFile_failsNamingIt() throws IOException {
    Path file = Files.writeString(dir.resolve("logs"), "not a directory");

    assertThatThrownBy(() -> AgentLogging.configure(file.resolve("sub"), false, Level.INFO))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageStartingWith("cannot create the log directory " + file.resolve("sub"));
  }
}
