package io.iisbot.bot.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.Objects;
import org.sqlite.SQLiteConfig;

/**
 * Opens a {@link BotStore} on a SQLite file: the default for a single bot. Several processes may
 * open the same file (WAL mode; a writer waits up to {@value #BUSY_TIMEOUT_MS} ms for another).
 */
public final class SqliteStore {

  static final int BUSY_TIMEOUT_MS = 10_000;

  private SqliteStore() {}

  /**
   * Opens, creating the file and its folders if needed, and migrates the schema.
   *
   * @throws StoreException when the file cannot be opened or its schema is newer than this code
   */
  public static BotStore open(Path file) {
    return open(file, Clock.systemUTC());
  }

  /** As {@link #open(Path)}, with the clock that decides when confirmation tokens expire. */
  public static BotStore open(Path file, Clock clock) {
    return open(file, clock, java.time.Duration.ofMillis(BUSY_TIMEOUT_MS));
  }

  /**
   * As {@link #open(Path, Clock)}, with how long a write waits for another connection's lock before
   * it fails with a {@link StoreException}.
   */
  public static BotStore open(Path file, Clock clock, java.time.Duration busyTimeout) {
    Objects.requireNonNull(file, "file");
    Path absolute = file.toAbsolutePath();
    try {
      Files.createDirectories(absolute.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("creating the folder of the store " + absolute, e);
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setBusyTimeout((int) busyTimeout.toMillis());
    // NORMAL is durable in WAL mode except across a power cut, where the last commits may be lost.
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    String url = "jdbc:sqlite:" + absolute;
    return JdbcStore.open(
        Dialect.SQLITE, () -> DriverManager.getConnection(url, config.toProperties()), clock);
  }
}
