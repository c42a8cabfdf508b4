package io.iisbot.bot.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on a SQLite file in a fresh folder per test. */
final class SqliteStoreTest extends BotStoreContract {

  @TempDir Path dir;

  private Path file() {
    return dir.resolve("state").resolve("iisbot.db");
  }

  @Override
  BotStore open(Clock clock) {
    return SqliteStore.open(file(), clock);
  }

  @Override
  Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + file());
  }

  @Test
  void open_createsTheFolder_andUsesWal() throws Exception {
    assertThat(Files.isRegularFile(file())).isTrue();
    try (Connection c = connect();
        var s = c.createStatement();
        var rs = s.executeQuery("PRAGMA journal_mode")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
    }
  }
}
