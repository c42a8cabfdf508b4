package io.iisbot.bot.store;

import java.sql.DriverManager;
import java.time.Clock;
import java.util.Objects;
import java.util.Properties;

/** Opens a {@link BotStore} on PostgreSQL: for several bot replicas sharing one state. */
public final class PostgresStore {

  private PostgresStore() {}

  /**
   * Connects and migrates the schema.
   *
   * @param jdbcUrl e.g. {@code jdbc:postgresql://db:5432/iisbot}
   * @throws StoreException when the database cannot be reached or its schema is newer than this
   *     code
   */
  public static BotStore open(String jdbcUrl, String user, String password) {
    return open(jdbcUrl, user, password, Clock.systemUTC());
  }

  /** As {@link #open(String, String, String)}, with the clock that decides token expiry. */
  public static BotStore open(String jdbcUrl, String user, String password, Clock clock) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "a PostgreSQL store needs a jdbc:postgresql: URL, was " + jdbcUrl);
    }
    Properties props = new Properties();
    if (user != null) {
      props.setProperty("user", user);
    }
    if (password != null) {
      props.setProperty("password", password);
    }
    props.setProperty("ApplicationName", "iisbot");
    // A store call must not hang the bot on a dead server.
    props.setProperty("connectTimeout", "10");
    props.setProperty("socketTimeout", "30");
    return JdbcStore.open(
        Dialect.POSTGRES, () -> DriverManager.getConnection(jdbcUrl, props), clock);
  }
}
