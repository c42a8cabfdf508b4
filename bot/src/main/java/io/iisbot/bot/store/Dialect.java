package io.iisbot.bot.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** What differs between the databases: how a write transaction starts, and its migrations. */
enum Dialect {
  /**
   * Transactions run in auto-commit mode with explicit {@code BEGIN IMMEDIATE}, so a writer takes
   * the database's write lock up front and a second replica waits (busy_timeout) instead of failing
   * on lock upgrade.
   */
  SQLITE("sqlite") {
    @Override
    void prepare(Connection c) {}

    @Override
    void begin(Connection c) throws SQLException {
      exec(c, "BEGIN IMMEDIATE");
    }

    @Override
    void commit(Connection c) throws SQLException {
      exec(c, "COMMIT");
    }

    @Override
    void rollback(Connection c) throws SQLException {
      exec(c, "ROLLBACK");
    }

    @Override
    void lockForMigration(Connection c) {
      // BEGIN IMMEDIATE already excludes every other writer.
    }
  },

  POSTGRES("postgres") {
    @Override
    void prepare(Connection c) throws SQLException {
      c.setAutoCommit(false);
    }

    @Override
    void begin(Connection c) {
      // With auto-commit off, the driver starts a transaction at the first statement.
    }

    @Override
    void commit(Connection c) throws SQLException {
      c.commit();
    }

    @Override
    void rollback(Connection c) throws SQLException {
      c.rollback();
    }

    @Override
    void lockForMigration(Connection c) throws SQLException {
      // Two replicas starting together must not both create the tables; the lock ends with the
      // transaction.
      exec(c, "SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK_KEY + ")");
    }
  };

  private static final long MIGRATION_LOCK_KEY = 0x11_5B07_5703L;

  private final String resourceDir;

  Dialect(String resourceDir) {
    this.resourceDir = resourceDir;
  }

  /** The folder of this dialect's migrations, under {@code migrations/}. */
  String resourceDir() {
    return resourceDir;
  }

  abstract void prepare(Connection c) throws SQLException;

  abstract void begin(Connection c) throws SQLException;

  abstract void commit(Connection c) throws SQLException;

  abstract void rollback(Connection c) throws SQLException;

  abstract void lockForMigration(Connection c) throws SQLException;

  private static void exec(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
